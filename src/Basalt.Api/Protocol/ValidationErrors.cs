using System.Globalization;
using Basalt.Model;

namespace Basalt.Api.Protocol;

/// <summary>
/// Collects the model-constraint violations of one request and throws them the way DynamoDB reports
/// them: "N validation error(s) detected: Value X at 'path' failed to satisfy constraint: ...; ...".
/// </summary>
public sealed class ValidationErrors
{
    private List<string>? _errors;

    public void Add(string renderedValue, string path, string constraint)
    {
        _errors ??= [];
        _errors.Add($"Value {renderedValue} at '{path}' failed to satisfy constraint: {constraint}");
    }

    public void Null(string path) => Add("null", path, "Member must not be null");

    public void ThrowIfAny()
    {
        if (_errors is null)
        {
            return;
        }

        var count = _errors.Count;
        var noun = count == 1 ? "error" : "errors";
        throw new ValidationException(
            string.Create(CultureInfo.InvariantCulture, $"{count} validation {noun} detected: {string.Join("; ", _errors)}"));
    }

    /// <summary>Renders a string value the way the constraint messages quote it.</summary>
    public static string Quote(string value) => "'" + value + "'";
}
