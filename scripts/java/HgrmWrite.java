// Writes .hgrm percentile output (text and CSV) of the merged histogram of an hlog with the Java
// library's outputPercentileDistribution, and prints the Java statistics of that histogram (scaled).
// Usage: java -cp /usr/share/java/hdrhistogram.jar scripts/java/HgrmWrite.java IN.hlog OUT_BASE SCALE
// writes OUT_BASE.hgrm (text) and OUT_BASE.csv.hgrm (CSV); prints JSON (values / SCALE).
import java.io.File;
import java.io.PrintStream;
import java.util.Locale;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

public class HgrmWrite {
    public static void main(String[] args) throws Exception {
        HistogramLogReader reader = new HistogramLogReader(new File(args[0]));
        double scale = Double.parseDouble(args[2]);
        Histogram total = null;
        EncodableHistogram e;
        while ((e = reader.nextIntervalHistogram()) != null) {
            if (e.getTag() != null) continue;
            Histogram h = (Histogram) e;
            if (total == null) total = new Histogram(h.getLowestDiscernibleValue(), h.getHighestTrackableValue(), h.getNumberOfSignificantValueDigits());
            total.add(h);
        }
        try (PrintStream p = new PrintStream(args[1] + ".hgrm")) { total.outputPercentileDistribution(p, 5, scale, false); }
        try (PrintStream p = new PrintStream(args[1] + ".csv.hgrm")) { total.outputPercentileDistribution(p, 5, scale, true); }
        System.out.printf(Locale.ROOT, "{\"count\": %d, \"max\": %.17g, \"mean\": %.17g, \"stddev\": %.17g, \"p50\": %.17g, \"p90\": %.17g, \"p99\": %.17g, \"p999\": %.17g}%n",
            total.getTotalCount(), total.getMaxValue() / scale, total.getMean() / scale, total.getStdDeviation() / scale,
            total.getValueAtPercentile(50) / scale, total.getValueAtPercentile(90) / scale, total.getValueAtPercentile(99) / scale, total.getValueAtPercentile(99.9) / scale);
    }
}
