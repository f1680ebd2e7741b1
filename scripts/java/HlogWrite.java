// Writes a seeded HdrHistogram interval log with the Java library's own HistogramLogWriter
// (log format 1.3, V2 compressed encodings), for chp's reader tests.
// Usage: java -cp /usr/share/java/hdrhistogram.jar scripts/java/HlogWrite.java OUT.hlog MODE SEED
// MODE: "relative" (#[StartTime] + #[BaseTime], relative timestamps, untagged and Tag=db intervals)
//       "absolute" (#[StartTime], absolute epoch timestamps, untagged only)
import java.io.PrintStream;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

public class HlogWrite {
    public static void main(String[] args) throws Exception {
        String mode = args[1];
        Random rnd = new Random(Long.parseLong(args[2]));
        long startMs = 1700000000123L;
        HistogramLogWriter w = new HistogramLogWriter(new PrintStream(args[0]));
        w.outputLogFormatVersion();
        w.outputComment("written by scripts/java/HlogWrite.java " + mode + " " + args[2]);
        w.outputStartTime(startMs);
        if (mode.equals("relative")) { w.setBaseTime(startMs); w.outputBaseTime(startMs); }
        w.outputLegend();
        for (int i = 0; i < 30; i++) {
            for (String tag : mode.equals("relative") ? new String[] {null, "db"} : new String[] {null}) {
                Histogram h = new Histogram(1, 3600L * 1000 * 1000 * 1000, tag == null ? 3 : 2);
                int n = 200 + rnd.nextInt(2000);
                for (int k = 0; k < n; k++) {
                    // a bimodal latency in ns: cache hits ~ 0.2 ms, misses ~ 5 ms, rare stalls ~ 200 ms
                    double u = rnd.nextDouble();
                    double base = u < 0.6 ? 200_000 : u < 0.995 ? 5_000_000 : 200_000_000;
                    h.recordValue((long) (base * Math.exp(0.5 * rnd.nextGaussian())));
                }
                if (i == 7) h.recordValue(0);
                long s = startMs + i * 1000L + (tag == null ? 0 : 3);
                h.setStartTimeStamp(s);
                h.setEndTimeStamp(s + 1000);
                if (tag != null) h.setTag(tag);
                w.outputIntervalHistogram(h);
            }
        }
        w.close();
    }
}
