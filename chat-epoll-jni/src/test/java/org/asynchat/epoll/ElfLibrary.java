package org.asynchat.epoll;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a test needs to know of a 64-bit little-endian ELF shared library, read from the file
 * itself (so the check runs where no binutils for the library's architecture are installed):
 * the machine it was built for, the symbols it exports and the libraries it needs. The same
 * facts {@code readelf -h}, {@code nm -D --defined-only} and {@code readelf -d} print.
 *
 * @param machine {@code e_machine}: {@link #EM_X86_64} or {@link #EM_AARCH64}
 * @param type {@code e_type}: {@link #ET_DYN} for a shared library
 * @param exported the defined global or weak symbols of {@code .dynsym}
 * @param needed the {@code DT_NEEDED} entries of {@code .dynamic}, in order
 */
record ElfLibrary(int machine, int type, Set<String> exported, List<String> needed) {

    static final int EM_X86_64 = 62;
    static final int EM_AARCH64 = 183;
    static final int ET_DYN = 3;

    private static final int SHT_DYNAMIC = 6;
    private static final int SHT_DYNSYM = 11;
    private static final int DT_NEEDED = 1;
    private static final int STB_GLOBAL = 1;
    private static final int STB_WEAK = 2;

    /** Reads the library; fails with the reason on anything but a 64-bit little-endian ELF file. */
    static ElfLibrary read(Path file) throws IOException {
        ByteBuffer elf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (elf.limit() < 64 || elf.getInt(0) != 0x464c457f) {
            throw new IOException(file + " is not an ELF file");
        }
        if (elf.get(4) != 2 || elf.get(5) != 1) {
            throw new IOException(file + " is not a 64-bit little-endian ELF file (class " + elf.get(4)
                    + ", data " + elf.get(5) + ")");
        }
        int type = Short.toUnsignedInt(elf.getShort(16));
        int machine = Short.toUnsignedInt(elf.getShort(18));
        long sectionTable = elf.getLong(40);
        int sectionSize = Short.toUnsignedInt(elf.getShort(58));
        int sections = Short.toUnsignedInt(elf.getShort(60));

        Set<String> exported = new TreeSet<>();
        List<String> needed = new ArrayList<>();
        for (int i = 0; i < sections; i++) {
            int header = Math.toIntExact(sectionTable + (long) i * sectionSize);
            int kind = elf.getInt(header + 4);
            if (kind != SHT_DYNSYM && kind != SHT_DYNAMIC) {
                continue;
            }
            int offset = Math.toIntExact(elf.getLong(header + 24));
            int size = Math.toIntExact(elf.getLong(header + 32));
            int entrySize = Math.toIntExact(elf.getLong(header + 56));
            int strings = stringTable(elf, sectionTable, sectionSize, elf.getInt(header + 40));
            for (int entry = offset; entry + entrySize <= offset + size; entry += entrySize) {
                if (kind == SHT_DYNSYM) {
                    int binding = (elf.get(entry + 4) & 0xff) >>> 4;
                    boolean defined = elf.getShort(entry + 6) != 0; // st_shndx: 0 is SHN_UNDEF
                    if (defined && (binding == STB_GLOBAL || binding == STB_WEAK)) {
                        exported.add(string(elf, strings + elf.getInt(entry)));
                    }
                } else if (elf.getLong(entry) == DT_NEEDED) {
                    needed.add(string(elf, strings + Math.toIntExact(elf.getLong(entry + 8))));
                }
            }
        }
        return new ElfLibrary(machine, type, exported, needed);
    }

    /** The file offset of the string table that section {@code link} is. */
    private static int stringTable(ByteBuffer elf, long sectionTable, int sectionSize, int link) {
        return Math.toIntExact(elf.getLong(Math.toIntExact(sectionTable + (long) link * sectionSize) + 24));
    }

    private static String string(ByteBuffer elf, int at) {
        int end = at;
        while (elf.get(end) != 0) {
            end++;
        }
        return new String(elf.array(), at, end - at, StandardCharsets.US_ASCII);
    }
}
