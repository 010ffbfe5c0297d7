using Parley.Server.Commands.Operator;

namespace Parley.Server.Tests.Commands.Operator;

public sealed class OperatorPasswordHashTests
{
    [Fact]
    public void A_new_hash_is_pbkdf2_sha256_with_600000_iterations_a_16_byte_salt_and_a_32_byte_hash()
    {
        var line = OperatorPasswordHash.Create("hunter2");
        var parts = line.Split('$');
        Assert.Equal(["pbkdf2-sha256", "600000"], parts[..2]);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
        Assert.True(OperatorPasswordHash.Verify("hunter2", line));
    }

    [Fact]
    public void The_same_password_hashes_differently_each_time_and_both_verify()
    {
        var a = OperatorPasswordHash.Create("pw", iterations: 1000);
        var b = OperatorPasswordHash.Create("pw", iterations: 1000);
        Assert.NotEqual(a, b);
        Assert.True(OperatorPasswordHash.Verify("pw", a));
        Assert.True(OperatorPasswordHash.Verify("pw", b));
    }

    [Theory]
    [InlineData("pw ")]
    [InlineData("PW")]
    [InlineData("")]
    [InlineData("p")]
    public void A_different_password_does_not_verify(string guess)
    {
        var line = OperatorPasswordHash.Create("pw", iterations: 1000);
        Assert.False(OperatorPasswordHash.Verify(guess, line));
    }

    [Fact]
    public void The_iteration_count_is_read_from_the_line()
    {
        var line = OperatorPasswordHash.Create("pw", iterations: 1000);
        var other = line.Replace("$1000$", "$1001$", StringComparison.Ordinal);
        Assert.False(OperatorPasswordHash.Verify("pw", other));
    }

    [Fact]
    public void A_known_vector_verifies_so_the_format_stays_readable_by_later_versions()
    {
        // PBKDF2-HMAC-SHA256("password", "saltsaltsaltsalt", 1000, 32), computed independently with Python's hashlib.
        var salt = Convert.ToBase64String("saltsaltsaltsalt"u8);
        var hash = Convert.ToBase64String(Convert.FromHexString("f275fb870144cc807c68f6a325360af3078741ce4d833d2915500abd2bb88d00"));
        var line = $"pbkdf2-sha256$1000${salt}${hash}";
        Assert.True(OperatorPasswordHash.Verify("password", line));
        Assert.False(OperatorPasswordHash.Verify("passwore", line));
    }

    [Theory]
    [InlineData("")]
    [InlineData("operpassword")]
    [InlineData("bcrypt$10$abc$def")]
    [InlineData("pbkdf2-sha256$0$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha256$many$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha256$99999999$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha256$1000$not base64!$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha256$1000$c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha256$1000$c2FsdHNhbHQ=$aGFzaA==")]
    public void A_line_that_is_not_a_usable_hash_is_refused_with_a_reason_and_never_verifies(string line)
    {
        Assert.False(OperatorPasswordHash.TryParse(line, out _, out var error));
        Assert.NotEmpty(error);
        Assert.False(OperatorPasswordHash.Verify("operpassword", line));
    }
}
