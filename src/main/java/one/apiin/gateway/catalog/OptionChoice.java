package one.apiin.gateway.catalog;

/** One option of a model with the value a request applies (the caller's, or the default). */
public record OptionChoice(ModelOption option, ModelOptionValue value) {
}
