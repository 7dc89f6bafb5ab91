package io.jscclink.phy.frame;

import java.util.Objects;

/**
 * The frame header: 88 information bits, protected by CRC-16 and a rate-1/3 convolutional code
 * (see phy/README.md for the bit layout).
 *
 * @param version format version, [0, 15]; this build writes and accepts {@link #VERSION}
 * @param payloadType what the payload carries
 * @param schemeId JSCC scheme id, [0, 255]
 * @param modelId model id within the scheme, [0, 255]
 * @param payloadLength payload symbols (= bits for BITS), [1, 65535]
 * @param sequenceNumber frame sequence number, [0, 65535] (wraps)
 * @param imageIndex index of the image the payload belongs to, [0, 65535] (wraps)
 * @param fragmentIndex fragment of the image, [0, fragmentCount − 1]
 * @param fragmentCount fragments of the image, [1, 255]
 */
public record FrameHeader(int version, PayloadType payloadType, int schemeId, int modelId, int payloadLength,
        int sequenceNumber, int imageIndex, int fragmentIndex, int fragmentCount) {
    public static final int VERSION = 1;
    /** Information bits of the header before CRC and coding. */
    public static final int INFO_BITS = 88;

    public FrameHeader {
        Objects.requireNonNull(payloadType, "payloadType");
        check("version", version, 0, 15);
        check("schemeId", schemeId, 0, 255);
        check("modelId", modelId, 0, 255);
        check("payloadLength", payloadLength, 1, 65535);
        check("sequenceNumber", sequenceNumber, 0, 65535);
        check("imageIndex", imageIndex, 0, 65535);
        check("fragmentCount", fragmentCount, 1, 255);
        check("fragmentIndex", fragmentIndex, 0, fragmentCount - 1);
    }

    /** A header of the current {@link #VERSION}. */
    public static FrameHeader of(PayloadType type, int schemeId, int modelId, int payloadLength, int sequenceNumber,
            int imageIndex, int fragmentIndex, int fragmentCount) {
        return new FrameHeader(VERSION, type, schemeId, modelId, payloadLength, sequenceNumber, imageIndex,
                fragmentIndex, fragmentCount);
    }

    /** A copy with another payload length (the builders set it from the payload they are given). */
    public FrameHeader withPayloadLength(int length) {
        return new FrameHeader(version, payloadType, schemeId, modelId, length, sequenceNumber, imageIndex,
                fragmentIndex, fragmentCount);
    }

    /** Writes the 88 information bits, most significant bit of each field first, into 11 bytes. */
    public void pack(byte[] out) {
        long hi = ((long) version << 60) | ((long) payloadType.code() << 56) | ((long) schemeId << 48)
                | ((long) modelId << 40) | ((long) payloadLength << 24) | ((long) sequenceNumber << 8) | (imageIndex >>> 8);
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (hi >>> (56 - 8 * i));
        }
        out[8] = (byte) imageIndex;
        out[9] = (byte) fragmentIndex;
        out[10] = (byte) fragmentCount;
    }

    /**
     * Reads 11 bytes written by {@link #pack}.
     *
     * @return the header, or null when a field is out of range (an unknown payload type or
     *     version, fragment index ≥ count, zero length)
     */
    public static FrameHeader unpack(byte[] in) {
        int version = (in[0] >>> 4) & 0xf;
        PayloadType type = PayloadType.fromCode(in[0] & 0xf);
        int scheme = in[1] & 0xff;
        int model = in[2] & 0xff;
        int length = ((in[3] & 0xff) << 8) | (in[4] & 0xff);
        int seq = ((in[5] & 0xff) << 8) | (in[6] & 0xff);
        int image = ((in[7] & 0xff) << 8) | (in[8] & 0xff);
        int fragIndex = in[9] & 0xff;
        int fragCount = in[10] & 0xff;
        if (version != VERSION || type == null || length == 0 || fragCount == 0 || fragIndex >= fragCount) {
            return null;
        }
        return new FrameHeader(version, type, scheme, model, length, seq, image, fragIndex, fragCount);
    }

    private static void check(String name, int v, int lo, int hi) {
        if (v < lo || v > hi) {
            throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "], got " + v);
        }
    }
}
