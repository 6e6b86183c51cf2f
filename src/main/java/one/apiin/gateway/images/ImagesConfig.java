package one.apiin.gateway.images;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Keeping generated images: where, for how long, and how they are copied from the upstream. */
@ConfigMapping(prefix = "gateway.images")
public interface ImagesConfig {

    enum Store {
        /** Bytes in PostgreSQL: nothing more to run, shared by every replica. */
        POSTGRES,
        /** An S3-compatible object store (AWS S3, MinIO, Ceph RGW, GCS interoperability). */
        S3,
        /** Nothing kept: images are the upstream's URLs, as they expire. */
        NONE
    }

    enum Delivery {
        /** The gateway reads the store and serves the bytes itself. */
        PROXY,
        /** The gateway answers 302 to a presigned URL of the store (S3 only; proxy elsewhere). */
        REDIRECT
    }

    /** Where kept images live. */
    @WithDefault("postgres")
    Store store();

    /** How an S3 store's images reach browsers. */
    @WithDefault("proxy")
    Delivery delivery();

    /** How long an image is kept after the task that made (or reused) it; the result cache lives as long. */
    @WithDefault("30d")
    Duration retention();

    /** Largest image copied, in bytes; a larger one stays the upstream's URL and is reported. */
    @WithDefault("20971520")
    long maxBytes();

    /** Longest wait for a connection to the upstream's image host. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Longest a copy of one image may take, connection included. */
    @WithDefault("30s")
    Duration copyTimeout();

    /** Redirects followed at most when copying one image. */
    @WithDefault("3")
    int maxRedirects();

    /**
     * How long a task's end waits for its copies before it is announced with the upstream's URLs (the copy then
     * goes on in the background).
     */
    @WithDefault("10s")
    Duration announceWait();

    /** First wait before a failed copy is tried again; each later wait doubles. */
    @WithDefault("2s")
    Duration retryBackoff();

    /** How long failed copies are retried (while the upstream's URL may still live); then they are reported. */
    @WithDefault("1h")
    Duration retryFor();

    /** Bytes of the most read kept images each replica keeps in memory to serve them (0: none). */
    @WithDefault("67108864")
    long memoryCache();

    /** How often the copies still to be made are tried again. */
    @WithDefault("15s")
    Duration retryInterval();

    /** How often one replica deletes what retention let go. */
    @WithDefault("5m")
    Duration sweepInterval();

    /** Rows handled by one statement of the sweep. */
    @WithDefault("500")
    int sweepBatch();

    /** The S3 store's settings (the client's own, endpoint and credentials, are quarkus.s3.*). */
    S3 s3();

    interface S3 {
        /** Bucket of kept images. */
        @WithDefault("image-gateway")
        String bucket();

        /** Key prefix inside the bucket. */
        @WithDefault("images/")
        String prefix();

        /** Life of a presigned URL (redirect delivery). */
        @WithDefault("15m")
        Duration presignedLifetime();
    }
}
