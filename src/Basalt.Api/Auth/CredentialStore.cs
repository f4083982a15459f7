using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Basalt.Api.Auth;

/// <summary>
/// Access keys and their secrets, loaded from a credentials file (<c>basalt serve --auth FILE</c>).
/// </summary>
/// <remarks>
/// File format, one credential per line:
/// <code>
/// # comment lines start with '#'; blank lines are ignored
/// AKIDEXAMPLE wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
/// </code>
/// Each line is an access key id and its secret access key separated by spaces or tabs. Nothing
/// else may follow the secret (a '#' after the secret is not a comment: secrets may not contain
/// whitespace, but they may contain any other character). An access key id may appear once.
/// </remarks>
public sealed class CredentialStore
{
    private readonly Dictionary<string, string> _secrets;

    private CredentialStore(Dictionary<string, string> secrets) => _secrets = secrets;

    /// <summary>Number of access keys in the store.</summary>
    public int Count => _secrets.Count;

    /// <summary>Reads a credentials file; throws <see cref="FormatException"/> naming the bad line.</summary>
    public static CredentialStore Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses the contents of a credentials file; <paramref name="source"/> names it in errors.</summary>
    public static CredentialStore Parse(string contents, string source = "credentials")
    {
        ArgumentNullException.ThrowIfNull(contents);
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var rawLine in contents.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 2)
            {
                throw new FormatException(string.Format(
                    CultureInfo.InvariantCulture,
                    "{0}:{1}: expected 'ACCESS_KEY_ID SECRET_ACCESS_KEY', found {2} field(s)",
                    source,
                    lineNumber,
                    fields.Length));
            }

            if (!secrets.TryAdd(fields[0], fields[1]))
            {
                throw new FormatException(string.Format(
                    CultureInfo.InvariantCulture,
                    "{0}:{1}: access key id '{2}' appears more than once",
                    source,
                    lineNumber,
                    fields[0]));
            }
        }

        return new CredentialStore(secrets);
    }

    /// <summary>Finds the secret access key of an access key id.</summary>
    public bool TryGetSecret(string accessKeyId, [NotNullWhen(true)] out string? secret)
    {
        ArgumentNullException.ThrowIfNull(accessKeyId);
        return _secrets.TryGetValue(accessKeyId, out secret);
    }
}
