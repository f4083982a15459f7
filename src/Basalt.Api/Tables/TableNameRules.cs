using System.Text.Json;
using Basalt.Api.Protocol;

namespace Basalt.Api.Tables;

/// <summary>DynamoDB's table-name constraints: 3–255 characters of [a-zA-Z0-9_.-].</summary>
public static class TableNameRules
{
    public const string Pattern = "[a-zA-Z0-9_.-]+";

    /// <summary>Reads TableName (or the given member) and adds any constraint violations.</summary>
    public static string? Read(JsonElement body, ValidationErrors errors, string member = "TableName", string path = "tableName", bool required = true)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var name = JsonParameters.GetString(body, member);
        if (name is null)
        {
            if (required)
            {
                errors.Null(path);
            }

            return null;
        }

        Check(name, errors, path);
        return name;
    }

    public static void Check(string name, ValidationErrors errors, string path)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(errors);
        if (name.Length < 3)
        {
            errors.Add(ValidationErrors.Quote(name), path, "Member must have length greater than or equal to 3");
        }

        if (name.Length > 255)
        {
            errors.Add(ValidationErrors.Quote(name), path, "Member must have length less than or equal to 255");
        }

        if (!IsValidPattern(name))
        {
            errors.Add(ValidationErrors.Quote(name), path, "Member must satisfy regular expression pattern: " + Pattern);
        }
    }

    private static bool IsValidPattern(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
