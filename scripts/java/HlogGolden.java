// Golden values for chp's HdrHistogram log reader, from the Java HdrHistogram library.
// Usage: java -cp /usr/share/java/hdrhistogram.jar scripts/java/HlogGolden.java FILE.hlog [TAG|-]
// Prints JSON: every interval histogram of the chosen tag ("-" or absent = untagged)
// with its start/end (ms since epoch, as HistogramLogReader reports them), count,
// min, max, mean, stddev and getValueAtPercentile(50, 90, 99, 99.9), then the same
// for the merge (Histogram.add) of all of them.
import java.io.File;
import java.util.Locale;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

public class HlogGolden {
    static String stats(Histogram h) {
        return String.format(Locale.ROOT,
            "\"count\": %d, \"min\": %d, \"max\": %d, \"mean\": %.17g, \"stddev\": %.17g, \"p50\": %d, \"p90\": %d, \"p99\": %d, \"p999\": %d",
            h.getTotalCount(), h.getMinValue(), h.getMaxValue(), h.getMean(), h.getStdDeviation(),
            h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9));
    }

    public static void main(String[] args) throws Exception {
        String tag = args.length > 1 && !args[1].equals("-") ? args[1] : null;
        HistogramLogReader reader = new HistogramLogReader(new File(args[0]));
        Histogram total = null;
        StringBuilder out = new StringBuilder("{\"intervals\": [\n");
        boolean first = true;
        EncodableHistogram e;
        while ((e = reader.nextIntervalHistogram()) != null) {
            String t = e.getTag();
            if (tag == null ? t != null : !tag.equals(t)) continue;
            Histogram h = (Histogram) e;
            if (total == null) total = new Histogram(h.getLowestDiscernibleValue(), h.getHighestTrackableValue(), h.getNumberOfSignificantValueDigits());
            total.add(h);
            out.append(first ? "  " : ",\n  ").append(String.format(Locale.ROOT,
                "{\"start\": %d, \"end\": %d, %s}", h.getStartTimeStamp(), h.getEndTimeStamp(), stats(h)));
            first = false;
        }
        out.append("\n],\n\"total\": {").append(total == null ? "" : stats(total)).append("}}\n");
        System.out.print(out);
    }
}
