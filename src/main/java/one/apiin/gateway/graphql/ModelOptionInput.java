package one.apiin.gateway.graphql;

import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

@Input("ModelOptionInput")
public class ModelOptionInput {

    @NonNull
    public String name;
    @NonNull
    public String value;
}
