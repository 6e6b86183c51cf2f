package one.apiin.gateway.catalog;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;

/** Where a model stands in its life upstream, as the catalog says. */
@Enum("ModelStatus")
public enum ModelStatus {
    ACTIVE,
    @Description("Still served; a replacement is named and requests keep working")
    DEPRECATED,
    @Description("No longer served upstream: requests are refused naming the replacement, or run on it where the operator "
            + "enabled fallbacks")
    RETIRED
}
