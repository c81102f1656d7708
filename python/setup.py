"""Copies libpicostream and the simulators from the source tree's build into the package, so an
installed `import picostream` finds its library without any variable. Builds them first (cmake,
as `make` does) when the tree has not been built; nothing is compiled for Python itself."""
import glob
import os
import shutil
import subprocess

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))
TREE = os.path.dirname(HERE)
BUILD = os.environ.get("PICOSTREAM_BUILD", os.path.join(TREE, "build"))


class BuildWithLibrary(build_py):
    def run(self):
        lib = os.path.join(BUILD, "libpicostream.so.0")
        if not os.path.exists(lib):
            subprocess.check_call(["cmake", "-S", TREE, "-B", BUILD,
                                   "-DCMAKE_BUILD_TYPE=RelWithDebInfo"])
            subprocess.check_call(["cmake", "--build", BUILD, "-j2", "--target",
                                   "picostream_shared", "ps2000a", "ps3000a", "ps4000a",
                                   "ps5000a", "ps6000a", "psospa"])
        super().run()
        dest = os.path.join(self.build_lib, "picostream", "_lib")
        os.makedirs(os.path.join(dest, "sim"), exist_ok=True)
        shutil.copy2(os.path.realpath(lib), os.path.join(dest, "libpicostream.so.0"))
        for so in glob.glob(os.path.join(BUILD, "sim", "lib*.so.2")):
            shutil.copy2(os.path.realpath(so), os.path.join(dest, "sim", os.path.basename(so)))


setup(cmdclass={"build_py": BuildWithLibrary})
