using Basalt.Api.Protocol;
using Basalt.Model;

namespace Basalt.Api.Tests.Unit;

public class ValidationErrorsTests
{
    [Fact]
    public void OneError_UsesSingularForm()
    {
        var errors = new ValidationErrors();
        errors.Null("tableName");
        var error = Assert.Throws<ValidationException>(errors.ThrowIfAny);
        Assert.Equal("1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null", error.Message);
    }

    [Fact]
    public void SeveralErrors_AreJoinedWithSemicolons()
    {
        var errors = new ValidationErrors();
        errors.Null("tableName");
        errors.Add("'0'", "limit", "Member must have value greater than or equal to 1");
        var error = Assert.Throws<ValidationException>(errors.ThrowIfAny);
        Assert.Equal(
            "2 validation errors detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null; Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
            error.Message);
    }

    [Fact]
    public void NoErrors_DoesNotThrow() => new ValidationErrors().ThrowIfAny();
}
