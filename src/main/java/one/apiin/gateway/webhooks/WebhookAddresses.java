package one.apiin.gateway.webhooks;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;

import one.apiin.gateway.images.ImageAddresses;

/** Which callback URLs and addresses a delivery may go to: decided purely, tested without Quarkus. */
final class WebhookAddresses {

    /** The longest callback URL accepted. */
    static final int MAX_URL = 2048;
    private static final byte[] AWS_METADATA_V6 = { (byte) 0xfd, 0, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0x02, 0x54 };

    private WebhookAddresses() {
    }

    /** Why the URL cannot be a callback URL; null when it may be one (its address is checked apart). */
    static String problem(String url) {
        if (url.length() > MAX_URL) {
            return "callback_url must be at most " + MAX_URL + " characters";
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            return "callback_url must be an absolute http or https URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getHost().isEmpty()) {
            return "callback_url must be an absolute http or https URL";
        }
        if (uri.getRawUserInfo() != null) {
            return "callback_url must not carry credentials (user:password@): authenticate the callback by its signature";
        }
        return null;
    }

    /**
     * Public addresses always; loopback, private and unique-local ones only where the operator allows them;
     * link-local (cloud metadata services), multicast and unspecified ones never.
     */
    static boolean allowed(InetAddress address, boolean allowPrivate) {
        if (ImageAddresses.isPublic(address)) {
            return true;
        }
        return allowPrivate && !address.isLinkLocalAddress() && !address.isAnyLocalAddress()
                && !address.isMulticastAddress() && !isMetadata(address);
    }

    /** fd00:ec2::254, AWS's metadata service over IPv6, is unique-local, not link-local. */
    private static boolean isMetadata(InetAddress address) {
        return address instanceof Inet6Address && Arrays.equals(address.getAddress(), AWS_METADATA_V6);
    }
}
