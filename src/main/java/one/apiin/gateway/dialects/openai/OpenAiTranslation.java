package one.apiin.gateway.dialects.openai;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import one.apiin.gateway.catalog.ImageModel;
import one.apiin.gateway.catalog.ModelOption;
import one.apiin.gateway.error.BadUserInputException;
import one.apiin.gateway.error.BadUserInputException.FieldError;
import one.apiin.gateway.generation.ImageRequest;

/** OpenAI's {@code size} and {@code quality} in the gateway's terms, decided purely (tested without Quarkus). */
final class OpenAiTranslation {

    private static final Pattern SIZE = Pattern.compile("(\\d{1,5})x(\\d{1,5})");
    private static final Pattern RATIO = Pattern.compile("(\\d+):(\\d+)");

    private OpenAiTranslation() {
    }

    /**
     * The model's aspect ratio nearest to {@code size} (WIDTHxHEIGHT, compared on a log scale so that 2:1 and 1:2 are
     * as far from 1:1); null for {@code auto}, no size, or no model to choose among (the model is refused then).
     */
    static String aspectRatio(String size, ImageModel model) {
        if (size == null || size.equalsIgnoreCase("auto")) {
            return null;
        }
        Matcher wh = SIZE.matcher(size.strip().toLowerCase(Locale.ROOT));
        if (!wh.matches() || Integer.parseInt(wh.group(1)) == 0 || Integer.parseInt(wh.group(2)) == 0) {
            throw new BadUserInputException(List.of(new FieldError("size",
                    "size must be WIDTHxHEIGHT (e.g. 1024x1024, 1792x1024, 1024x1792) or auto")));
        }
        if (model == null) {
            return null;
        }
        double wanted = Math.log(Double.parseDouble(wh.group(1)) / Double.parseDouble(wh.group(2)));
        String nearest = null;
        double distance = Double.MAX_VALUE;
        for (String ratio : model.aspectRatios()) {
            Matcher ab = RATIO.matcher(ratio);
            if (!ab.matches() || Integer.parseInt(ab.group(2)) == 0) {
                continue;
            }
            double d = Math.abs(Math.log(Double.parseDouble(ab.group(1)) / Double.parseDouble(ab.group(2))) - wanted);
            if (d < distance - 1e-9) {
                nearest = ratio;
                distance = d;
            }
        }
        return nearest;
    }

    /**
     * The model's {@code quality} option for OpenAI's quality: the same value where the model takes it, {@code hd} as
     * {@code high}; none (the model's default) for {@code auto}, {@code standard}, a value the model does not take, or
     * a model without a quality option.
     */
    static List<ImageRequest.Option> quality(String quality, ImageModel model) {
        if (quality == null || model == null) {
            return null;
        }
        ModelOption option = model.option("quality").orElse(null);
        if (option == null) {
            return null;
        }
        String wanted = quality.strip().toLowerCase(Locale.ROOT);
        String value = wanted.equals("hd") ? "high" : wanted;
        if (wanted.equals("auto") || wanted.equals("standard") || option.value(value).isEmpty()) {
            return null;
        }
        return List.of(new ImageRequest.Option("quality", value));
    }
}
