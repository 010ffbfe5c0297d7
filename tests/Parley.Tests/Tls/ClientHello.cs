namespace Parley.Tests.Tls;

/// <summary>A minimal TLS ClientHello built byte by byte, for offering a protocol version that the platform's own TLS
/// library may no longer be willing to send.</summary>
internal static class ClientHello
{
    /// <summary>A ClientHello record offering <paramref name="version"/> (0x0302 TLS 1.1, 0x0303 TLS 1.2) with ECDHE
    /// suites that TLS 1.1 and 1.2 servers both know.</summary>
    public static byte[] Build(ushort version)
    {
        var body = new List<byte>();
        body.AddRange([(byte)(version >> 8), (byte)version]);
        body.AddRange(Enumerable.Range(0, 32).Select(i => (byte)(i * 7 + 1))); // client random
        body.Add(0); // no session id
        ushort[] suites = [0xC02B, 0xC02F, 0xC009, 0xC013, 0x002F]; // ECDHE-ECDSA/RSA AES-GCM (1.2), AES-CBC (1.0+), RSA AES-CBC
        AddU16(body, suites.Length * 2);
        foreach (var suite in suites)
        {
            AddU16(body, suite);
        }
        body.AddRange([1, 0]); // compression: null only

        var extensions = new List<byte>();
        AddExtension(extensions, 0x000a, [0x00, 0x04, 0x00, 0x17, 0x00, 0x1d]); // supported_groups: secp256r1, x25519
        AddExtension(extensions, 0x000b, [0x01, 0x00]); // ec_point_formats: uncompressed
        AddExtension(extensions, 0x000d, [0x00, 0x06, 0x04, 0x03, 0x08, 0x04, 0x04, 0x01]); // signature_algorithms
        AddU16(body, extensions.Count);
        body.AddRange(extensions);

        var handshake = new List<byte> { 0x01, 0, (byte)(body.Count >> 8), (byte)body.Count };
        handshake.AddRange(body);
        var record = new List<byte> { 0x16, 0x03, 0x01 }; // handshake record, TLS 1.0 record version as clients send
        AddU16(record, handshake.Count);
        record.AddRange(handshake);
        return [.. record];
    }

    private static void AddExtension(List<byte> to, int type, byte[] data)
    {
        AddU16(to, type);
        AddU16(to, data.Length);
        to.AddRange(data);
    }

    private static void AddU16(List<byte> to, int value) => to.AddRange([(byte)(value >> 8), (byte)value]);
}
