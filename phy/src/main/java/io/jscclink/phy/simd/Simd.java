package io.jscclink.phy.simd;

/**
 * Whether this JVM has the Vector API ({@code --add-modules jdk.incubator.vector}, incubating in
 * Java 17), which {@link SimdKernels} needs. The launcher and the tests pass the option; without
 * it every caller takes its portable path. This class does not touch the API itself, so asking
 * never fails.
 */
public final class Simd {
    private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private Simd() {}

    public static boolean available() {
        return AVAILABLE;
    }
}
