/**
 * Built-in simulator of the API in One image-generation REST API, served under {@code /simulator}.
 *
 * <p>
 * The endpoints are always served, but the gateway only talks to them when
 * {@code GATEWAY_UPSTREAM_URL} points at {@code …/simulator}. The simulator keeps no per-task state:
 * everything a status poll or an image fetch needs is encoded in the task id and the image id, so it
 * answers correctly across restarts and for several gateway replicas. Only the test counters and the
 * injected failures of the control API are in memory, per process.
 */
package one.apiin.gateway.simulator;
