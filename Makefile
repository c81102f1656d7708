# Thin wrapper over CMake: `make` builds into build/, `make demo` and `make test` as in README.
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= 2

.PHONY: all deps demo test test-asan install clean
PREFIX ?= /usr/local

all: $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j$(JOBS)

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

deps:
	bash scripts/install-deps.sh

demo: deps
	$(MAKE) all
	bash scripts/demo.sh $(BUILD)/picostream demo

# Every test, then every test again under AddressSanitizer + UndefinedBehaviorSanitizer.
test: deps
	$(MAKE) all
	ctest --test-dir $(BUILD) --output-on-failure
	$(MAKE) test-asan

test-asan:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPICOSTREAM_SANITIZE=ON
	cmake --build $(ASAN_BUILD) -j$(JOBS)
	ctest --test-dir $(ASAN_BUILD) --output-on-failure

# Installs bin/picostream, libpicostream (.so and .a), headers, picostream.pc and the simulator.
install: all
	cmake --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
