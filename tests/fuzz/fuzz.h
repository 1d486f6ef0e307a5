/* The libFuzzer entry point, shared by the fuzz targets (built with clang and
 * -fsanitize=fuzzer) and by replay.c, which runs the same code with the normal
 * compiler over the seed corpus and the regression inputs. */
#ifndef SHMCOMP_TESTS_FUZZ_H
#define SHMCOMP_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
