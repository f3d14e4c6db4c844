package io.rafflestars.bench;

import io.rafflestars.common.draw.DrawInput;
import io.rafflestars.common.draw.DrawResult;
import io.rafflestars.common.draw.ProvableDraw;
import io.rafflestars.common.draw.PublishedDraw;
import io.rafflestars.common.draw.RepeatWinnerPolicy;
import io.rafflestars.common.draw.Seed;
import io.rafflestars.common.draw.TicketList;
import io.rafflestars.common.draw.Verification;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The provable draw at raffle scale: 100 winners from 1,000,000 tickets (held by 200,000 players), drawn and then
 * verified from the published data, as the console and Mini App do. Both include hashing the whole ticket list,
 * which is most of the work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DrawBenchmark {
    @Param({"1000000"})
    public int tickets;

    @Param({"100"})
    public int winners;

    private DrawInput input;
    private PublishedDraw published;

    @Setup
    public void setUp() {
        SecureRandom random = new SecureRandom(new byte[] {42});
        long[] numbers = new long[tickets];
        long[] players = new long[tickets];
        for (int i = 0; i < tickets; i++) {
            numbers[i] = i + 1;
            players[i] = 1 + random.nextInt(200_000);
        }
        input = new DrawInput(
                7L,
                Seed.generate(random),
                TicketList.of(numbers, players),
                Optional.empty(),
                winners,
                RepeatWinnerPolicy.ALLOW_REPEAT);
        published = PublishedDraw.of(input, List.of(), ProvableDraw.draw(input));
    }

    @Benchmark
    public DrawResult draw() {
        return ProvableDraw.draw(input);
    }

    @Benchmark
    public Verification verify() {
        Verification v = ProvableDraw.verify(published);
        if (!(v instanceof Verification.Verified)) {
            throw new IllegalStateException("the honest draw did not verify: " + v);
        }
        return v;
    }
}
