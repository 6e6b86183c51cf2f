package one.apiin.gateway.simulator;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The upstream success envelope: {@code {"code":200,"message":"success","data":…}}. */
@RegisterForReflection
record ApiEnvelope<T>(int code, String message, T data) {

    static <T> ApiEnvelope<T> success(T data) {
        return new ApiEnvelope<>(200, "success", data);
    }
}
