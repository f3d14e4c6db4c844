package io.rafflestars.common.draw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.PrimitiveIterator;
import java.util.function.LongSupplier;
import java.util.stream.LongStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class DrawStreamTest {
    static final byte[] KEY = HexFormat.of().parseHex(WorkedExampleTest.DRAW_KEY);

    /** A source that yields the given values in order and fails if asked for more. */
    static LongSupplier values(long... xs) {
        PrimitiveIterator.OfLong it = LongStream.of(xs).iterator();
        return () -> {
            if (!it.hasNext()) {
                throw new AssertionError("source exhausted: " + Arrays.toString(xs));
            }
            return it.nextLong();
        };
    }

    @Test
    void blocksAreHmacOfBigEndianCounterReadAsFourValuesEach() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        DrawStream s = new DrawStream(KEY);
        for (long i = 0; i < 5; i++) {
            byte[] block = mac.doFinal(new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) i});
            for (int v = 0; v < 4; v++) {
                long expected = 0;
                for (int b = 0; b < 8; b++) {
                    expected = (expected << 8) | (block[8 * v + b] & 0xFF);
                }
                assertThat(s.nextU64()).isEqualTo(expected);
            }
            assertThat(s.blocksComputed()).isEqualTo(i + 1);
        }
        assertThat(s.valuesDrawn()).isEqualTo(20);
    }

    @Test
    void rejectsKeysOfWrongLength() {
        assertThatThrownBy(() -> new DrawStream(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DrawStream(new byte[33])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsBoundBelowOne() {
        DrawStream s = new DrawStream(KEY);
        assertThatThrownBy(() -> s.uniform(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.uniform(-5)).isInstanceOf(IllegalArgumentException.class);
        assertThat(s.valuesDrawn()).isZero();
    }

    @Test
    void valuesAtOrAboveTheLimitAreRejected() {
        // n = 3: 2^64 mod 3 = 1, limit = 2^64 - 1, so only 0xffff_ffff_ffff_ffff (-1) is rejected.
        assertThat(DrawStream.uniform(3, values(-1L, 5))).isEqualTo(2);
        assertThat(DrawStream.uniform(3, values(-2L))).isEqualTo(Long.remainderUnsigned(-2L, 3));
        // n = 10: 2^64 mod 10 = 6, limit = 2^64 - 6: the top six values are rejected, 2^64 - 7 is accepted.
        assertThat(DrawStream.uniform(10, values(-1L, -2L, -3L, -4L, -5L, -6L, -7L)))
                .isEqualTo(9); // 18446744073709551609 mod 10
        DrawStream.UniformSample sample = DrawStream.sample(10, values(-6L, -1L, 42L));
        assertThat(sample.rejected()).containsExactly(-6L, -1L);
        assertThat(sample.accepted()).isEqualTo(42L);
        assertThat(sample.result()).isEqualTo(2);
        // n = 2^62 + 1: limit = 3n, so about a quarter of all values is rejected.
        long n = (1L << 62) + 1;
        assertThat(DrawStream.uniform(n, values(3 * n, 3 * n - 1))).isEqualTo(n - 1);
    }

    @Test
    void largeBoundsUseUnsignedArithmetic() {
        long n = Long.MAX_VALUE; // 2^64 mod (2^63 - 1) = 2, limit = 2^64 - 2
        assertThat(DrawStream.uniform(n, values(-2L, -1L, -3L))).isEqualTo(Long.remainderUnsigned(-3L, n));
        assertThat(DrawStream.uniform(n, values(Long.MIN_VALUE))).isEqualTo(1); // 2^63 mod (2^63 - 1)
    }

    @Test
    void powersOfTwoAndOneNeverReject() {
        for (int e = 0; e < 63; e++) {
            long n = 1L << e;
            assertThat(DrawStream.uniform(n, values(-1L))).isEqualTo(n - 1);
        }
        DrawStream s = new DrawStream(KEY);
        assertThat(s.uniform(1)).isZero();
        assertThat(s.valuesDrawn()).as("n = 1 still consumes a value").isEqualTo(1);
    }
}
