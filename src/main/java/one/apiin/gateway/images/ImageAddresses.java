package one.apiin.gateway.images;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which addresses an image may be fetched from: public ones only. Loopback, private, link-local (cloud metadata
 * services among them), unique-local, carrier-grade NAT, multicast and unspecified addresses are refused, so that
 * an answer naming an internal URL cannot make the gateway reach inside its own network.
 */
public final class ImageAddresses {

    private ImageAddresses() {
    }

    public static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            // 0.0.0.0/8, 100.64.0.0/10 (carrier-grade NAT), 192.0.0.0/24, 198.18.0.0/15 (benchmarks), 240.0.0.0/4
            return first != 0 && !(first == 100 && second >= 64 && second < 128)
                    && !(first == 192 && second == 0 && (bytes[2] & 0xff) == 0)
                    && !(first == 198 && (second == 18 || second == 19)) && first < 240;
        }
        if (address instanceof Inet6Address) {
            int first = bytes[0] & 0xff;
            // fc00::/7 unique-local (fd00:ec2::254, a metadata address, among them); IPv4-mapped checked as IPv4
            if ((first & 0xfe) == 0xfc) {
                return false;
            }
            if (isMappedV4(bytes)) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[] { bytes[12], bytes[13], bytes[14], bytes[15] }));
                } catch (java.net.UnknownHostException impossible) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isMappedV4(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
    }
}
