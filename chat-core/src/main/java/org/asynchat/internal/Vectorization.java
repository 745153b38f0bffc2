package org.asynchat.internal;

/**
 * Decides once, at class initialisation, whether delimiter searches use {@link VectorSearch}
 * or {@link SwarSearch}, the way Lucene's vectorization provider does: the vector path is
 * taken when the boot layer has {@code jdk.incubator.vector} (the JVM was started with
 * {@code --add-modules jdk.incubator.vector}) and its vectors hold 16 to 64 bytes; otherwise
 * the SWAR path, with no flag to set and nothing printed.
 *
 * <p>{@link VectorSearch} is touched only after the module check, so without the module it
 * is never loaded and nothing fails to link. The decision is in {@code static final} fields
 * so that the JIT folds the branch in {@code DelimiterScanner} away.
 */
public final class Vectorization {

    /** The module whose presence selects the vector path. */
    public static final String MODULE = "jdk.incubator.vector";

    /** Whether byte arrays (heap buffers) are searched with {@link VectorSearch}. */
    public static final boolean ARRAYS;
    /** Whether direct and read-only buffers are searched with {@link VectorSearch}. */
    public static final boolean BUFFERS;
    private static final String DESCRIPTION;

    static {
        boolean arrays = false;
        boolean buffers = false;
        String description;
        java.util.Optional<Module> vector = ModuleLayer.boot().findModule(MODULE);
        if (vector.isEmpty()) {
            description = "SWAR, 8 bytes per step (start the JVM with --add-modules " + MODULE + " for the vector path)";
        } else {
            try {
                // module-info does not name the incubator module (a "requires static" would make
                // javac warn every user who compiles against org.asynchat), so on the module path
                // the read edge is added here; in the unnamed module this does nothing.
                Vectorization.class.getModule().addReads(vector.get());
                int lanes = VectorSearch.LANES;
                if (lanes < 16 || lanes > 64) {
                    description = "SWAR, 8 bytes per step (the vector module is present but its vectors hold "
                            + lanes + " bytes; the vector path needs 16 to 64)";
                } else {
                    arrays = true;
                    buffers = VectorSearch.DIRECT_BUFFERS;
                    description = "vector, " + lanes + " bytes per step"
                            + (buffers ? "" : " for heap buffers; SWAR for direct and read-only buffers"
                                    + " (this JDK has no ByteVector.fromByteBuffer)");
                }
            } catch (LinkageError | RuntimeException e) {
                description = "SWAR, 8 bytes per step (the vector module is present but failed to load: " + e + ")";
            }
        }
        ARRAYS = arrays;
        BUFFERS = buffers;
        DESCRIPTION = description;
    }

    private Vectorization() {
    }

    /**
     * Says which search path is in use and why.
     *
     * @return a one-line description
     */
    public static String describe() {
        return DESCRIPTION;
    }
}
