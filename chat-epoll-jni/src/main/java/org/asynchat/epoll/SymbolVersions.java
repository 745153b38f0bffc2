package org.asynchat.epoll;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The GNU symbol versions of an ELF shared library, read from its bytes (what
 * {@code readelf -V} prints): the versions it <em>needs</em> from other libraries
 * ({@code .gnu.version_r}, for {@code libasynchat-epoll.so}: {@code GLIBC_2.2.5} ...
 * {@code GLIBC_2.10}) and the versions it <em>defines</em> ({@code .gnu.version_d}, for
 * {@code libc.so.6}: every {@code GLIBC_x.y} up to its release). A library loads only where the
 * C library defines every version it needs, so the newest of each is what to compare.
 *
 * <p>The structures (elf.h), the same in 32- and 64-bit files, found through the section
 * headers by type ({@code SHT_GNU_verneed}, {@code SHT_GNU_verdef}); each section's
 * {@code sh_link} names the string table, {@code sh_info} the number of entries:
 * <pre>
 * Elf_Verneed { u16 vn_version; u16 vn_cnt; u32 vn_file; u32 vn_aux; u32 vn_next; }
 * Elf_Vernaux { u32 vna_hash; u16 vna_flags; u16 vna_other; u32 vna_name; u32 vna_next; }
 * Elf_Verdef  { u16 vd_version; u16 vd_flags; u16 vd_ndx; u16 vd_cnt; u32 vd_hash; u32 vd_aux; u32 vd_next; }
 * Elf_Verdaux { u32 vda_name; u32 vda_next; }
 * </pre>
 *
 * @param needed the version names needed, from every library named
 * @param defined the version names defined
 */
record SymbolVersions(List<String> needed, List<String> defined) {

    private static final int SHT_GNU_VERDEF = 0x6ffffffd;
    private static final int SHT_GNU_VERNEED = 0x6ffffffe;
    /** {@code GLIBC_2.17}, not {@code GLIBC_PRIVATE} or {@code GLIBC_ABI_DT_RELR}. */
    private static final Pattern GLIBC = Pattern.compile("GLIBC_\\d+(\\.\\d+)*");

    /** Orders {@code GLIBC_2.9} before {@code GLIBC_2.10}, number by number. */
    static final Comparator<String> BY_VERSION = (a, b) -> {
        String[] x = a.substring(a.indexOf('_') + 1).split("\\.");
        String[] y = b.substring(b.indexOf('_') + 1).split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    };

    /**
     * Reads an ELF file's version sections.
     *
     * @param elf the whole file
     * @return its versions, each list sorted and without repeats
     * @throws IOException if it is not an ELF file, or its tables lie outside it
     */
    static SymbolVersions read(byte[] elf) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(elf);
        if (elf.length < 52 || b.getInt(0) != 0x7f454c46) { // "\177ELF", read big-endian
            throw new IOException("not an ELF file");
        }
        boolean is64 = elf[4] == 2;
        b.order(elf[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        try {
            long table = is64 ? b.getLong(0x28) : Integer.toUnsignedLong(b.getInt(0x20));
            int entrySize = Short.toUnsignedInt(b.getShort(is64 ? 0x3a : 0x2e));
            int count = Short.toUnsignedInt(b.getShort(is64 ? 0x3c : 0x30));
            TreeSet<String> needed = new TreeSet<>();
            TreeSet<String> defined = new TreeSet<>();
            for (int i = 0; i < count; i++) {
                Section s = Section.at(b, is64, Math.toIntExact(table + (long) i * entrySize));
                if (s.type == SHT_GNU_VERNEED) {
                    readNeeded(b, s, Section.at(b, is64, Math.toIntExact(table + (long) s.link * entrySize)), needed);
                } else if (s.type == SHT_GNU_VERDEF) {
                    readDefined(b, s, Section.at(b, is64, Math.toIntExact(table + (long) s.link * entrySize)), defined);
                }
            }
            return new SymbolVersions(List.copyOf(needed), List.copyOf(defined));
        } catch (IndexOutOfBoundsException | ArithmeticException e) {
            throw new IOException("a truncated or malformed ELF file (" + e.getMessage() + ")", e);
        }
    }

    /** The newest {@code GLIBC_x.y} this library needs. */
    Optional<String> newestGlibcNeeded() {
        return newest(needed);
    }

    /** The newest {@code GLIBC_x.y} this library defines: a C library's release, as far as symbols tell. */
    Optional<String> newestGlibcDefined() {
        return newest(defined);
    }

    private static Optional<String> newest(List<String> names) {
        return names.stream().filter(n -> GLIBC.matcher(n).matches()).max(BY_VERSION);
    }

    private static void readNeeded(ByteBuffer b, Section s, Section strings, TreeSet<String> out) {
        int entry = s.offset;
        for (int i = 0; i < s.info; i++) {
            int aux = entry + b.getInt(entry + 8);
            for (int j = 0; j < Short.toUnsignedInt(b.getShort(entry + 2)); j++) {
                out.add(string(b, strings.offset + b.getInt(aux + 8)));
                aux += b.getInt(aux + 12);
            }
            entry += b.getInt(entry + 12);
        }
    }

    private static void readDefined(ByteBuffer b, Section s, Section strings, TreeSet<String> out) {
        int entry = s.offset;
        for (int i = 0; i < s.info; i++) {
            int aux = entry + b.getInt(entry + 12);
            out.add(string(b, strings.offset + b.getInt(aux))); // the first Verdaux names the version
            entry += b.getInt(entry + 16);
        }
    }

    private static String string(ByteBuffer b, int at) {
        int end = at;
        while (b.get(end) != 0) {
            end++;
        }
        return new String(b.array(), at, end - at, StandardCharsets.US_ASCII);
    }

    /** The fields of a section header this reader uses. */
    private record Section(int type, int offset, int link, int info) {
        static Section at(ByteBuffer b, boolean is64, int header) {
            if (is64) {
                return new Section(b.getInt(header + 4), Math.toIntExact(b.getLong(header + 24)),
                        b.getInt(header + 40), b.getInt(header + 44));
            }
            return new Section(b.getInt(header + 4), b.getInt(header + 16), b.getInt(header + 24), b.getInt(header + 28));
        }
    }
}
