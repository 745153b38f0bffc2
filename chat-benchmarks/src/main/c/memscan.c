/*
 * memscan: the physical reference for the scanner benchmarks. Times glibc memchr (one-byte
 * delimiters) and memmem (longer ones) finding every delimiter, left to right, in the very
 * data files the JMH benchmarks use (written by org.asynchat.bench.data.ScanData), so the
 * ratio of our scanner to the limit of this machine is one command away.
 *
 * Conventions: one process, one thread; each case is timed as the median of 7 rounds, a
 * round repeating the whole-buffer scan for at least 50 ms; throughput is bytes / second /
 * 1e9 (GB/s, the unit the JMH report uses). The delimiter count is printed so it can be
 * compared with the Java benchmarks' (each setup checks the same count).
 *
 * Usage: memscan DIR FILE...   (FILE names as ScanData.fileName makes them)
 * Output: one tab-separated line per file: file, function, delimiters found, GB/s.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ROUNDS 7
#define MIN_ROUND_NS 50000000LL

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Finds every delimiter left to right; returns how many. */
static long scan(const unsigned char *data, size_t size, const unsigned char *d, size_t dlen) {
    long n = 0;
    const unsigned char *p = data, *end = data + size;
    while (p < end) {
        const unsigned char *at = dlen == 1 ? memchr(p, d[0], (size_t) (end - p))
                                            : memmem(p, (size_t) (end - p), d, dlen);
        if (at == NULL) {
            break;
        }
        n++;
        p = at + dlen;
    }
    return n;
}

static int compare_double(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

static unsigned char *read_file(const char *path, size_t *size) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc(len > 0 ? (size_t) len : 1);
    if (buf == NULL || fread(buf, 1, (size_t) len, f) != (size_t) len) {
        fclose(f);
        free(buf);
        return NULL;
    }
    fclose(f);
    *size = (size_t) len;
    return buf;
}

/* Reads DIR/delimiters.txt ("name hexbytes" per line) and returns the delimiter whose name
 * the file name starts with. */
static size_t delimiter_for(const char *dir, const char *file, unsigned char *out) {
    char path[4096];
    snprintf(path, sizeof path, "%s/delimiters.txt", dir);
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return 0;
    }
    char name[64], hex[512];
    size_t len = 0;
    while (fscanf(f, "%63s %511s", name, hex) == 2) {
        size_t nl = strlen(name);
        if (strncmp(file, name, nl) == 0 && file[nl] == '-') {
            len = strlen(hex) / 2;
            for (size_t i = 0; i < len; i++) {
                unsigned int b;
                sscanf(hex + 2 * i, "%2x", &b);
                out[i] = (unsigned char) b;
            }
            break;
        }
    }
    fclose(f);
    return len;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: memscan DIR FILE...\n");
        return 2;
    }
    for (int a = 2; a < argc; a++) {
        unsigned char d[256];
        size_t dlen = delimiter_for(argv[1], argv[a], d);
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", argv[1], argv[a]);
        size_t size;
        unsigned char *data = read_file(path, &size);
        if (data == NULL || dlen == 0) {
            fprintf(stderr, "memscan: cannot read %s or find its delimiter in %s/delimiters.txt\n", path, argv[1]);
            return 1;
        }
        double gbps[ROUNDS];
        long found = 0;
        for (int r = 0; r < ROUNDS; r++) {
            long long start = now_ns(), elapsed;
            long long bytes = 0;
            do {
                found = scan(data, size, d, dlen);
                bytes += (long long) size;
                elapsed = now_ns() - start;
            } while (elapsed < MIN_ROUND_NS);
            gbps[r] = (double) bytes / (double) elapsed;
        }
        qsort(gbps, ROUNDS, sizeof gbps[0], compare_double);
        printf("%s\t%s\t%ld\t%.3f\n", argv[a], dlen == 1 ? "memchr" : "memmem", found, gbps[ROUNDS / 2]);
        fflush(stdout);
        free(data);
    }
    return 0;
}
