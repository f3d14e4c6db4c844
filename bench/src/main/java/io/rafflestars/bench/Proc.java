package io.rafflestars.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Figures about a process from Linux's /proc. */
final class Proc {
    private Proc() {}

    /** VmRSS of the process in MiB; NaN when /proc cannot tell (not Linux, process gone). */
    static double residentMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /** User + system CPU time the process has used so far, in seconds (from /proc/PID/stat, clock ticks of 1/100 s). */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
