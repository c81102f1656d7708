# Thin wrapper over CMake: `make` builds into build/, `make demo` and `make test` as in README.
BUILD ?= build
ASAN_BUILD ?= build-asan
TSAN_BUILD ?= build-tsan
JOBS ?= 2

.PHONY: all deps demo test test-asan test-tsan fuzz-long install clean
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

# Every test, then every test again under AddressSanitizer + UndefinedBehaviorSanitizer, then the
# capture tests under ThreadSanitizer.
test: deps
	$(MAKE) all
	ctest --test-dir $(BUILD) --output-on-failure
	$(MAKE) test-asan
	$(MAKE) test-tsan

test-asan:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPICOSTREAM_SANITIZE=ON
	cmake --build $(ASAN_BUILD) -j$(JOBS)
	ctest --test-dir $(ASAN_BUILD) --output-on-failure

test-tsan:
	cmake -S . -B $(TSAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPICOSTREAM_TSAN=ON
	cmake --build $(TSAN_BUILD) -j$(JOBS)
	ctest --test-dir $(TSAN_BUILD) --output-on-failure -L 'capture|threads'

# The fuzz test for much longer than make test runs it (before a release): FUZZ_CASES=200000.
fuzz-long:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPICOSTREAM_SANITIZE=ON
	cmake --build $(ASAN_BUILD) -j$(JOBS)
	FUZZ_CASES=$${FUZZ_CASES:-200000} FUZZ_SEED=$${FUZZ_SEED:-$$(date +%s)} \
	    bash tests/e2e/fuzz.sh $(ASAN_BUILD)/picostream $(ASAN_BUILD)

# Installs bin/picostream, libpicostream (.so and .a), headers, picostream.pc and the simulator.
install: all
	cmake --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD)
