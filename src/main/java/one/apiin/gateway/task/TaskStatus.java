package one.apiin.gateway.task;

import org.eclipse.microprofile.graphql.Description;

public enum TaskStatus {
    @Description("Accepted by the gateway, not yet accepted by the upstream")
    QUEUED,
    @Description("Accepted by the upstream and being generated")
    RUNNING,
    @Description("Finished with images")
    SUCCEEDED,
    @Description("Finished without images; see Task.error")
    FAILED;

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED;
    }
}
