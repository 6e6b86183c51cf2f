package one.apiin.gateway.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses an upstream's image URL may make the gateway reach (literal addresses: no DNS is asked). */
class ImageAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = { "127.0.0.1", "127.8.9.10", "::1", "0.0.0.0", "::", "10.1.2.3", "172.16.0.1",
            "172.31.255.255", "192.168.1.1", "169.254.169.254", "fe80::1", "fd00:ec2::254", "fc00::7", "100.64.0.1",
            "100.127.255.255", "192.0.0.170", "198.18.0.1", "224.0.0.1", "ff02::1", "240.0.0.1", "255.255.255.255",
            "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254" })
    void internalAddressesAreRefused(String address) throws UnknownHostException {
        assertThat(ImageAddresses.isPublic(InetAddress.getByName(address))).as(address).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "::ffff:8.8.4.4",
            "198.20.0.1" })
    void publicAddressesAreAllowed(String address) throws UnknownHostException {
        assertThat(ImageAddresses.isPublic(InetAddress.getByName(address))).as(address).isTrue();
    }
}
