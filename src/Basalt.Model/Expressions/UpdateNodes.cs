namespace Basalt.Model.Expressions;

/// <summary>The right-hand side of a SET action, or an operand inside it.</summary>
public abstract class UpdateValue
{
    private protected UpdateValue()
    {
    }
}

/// <summary>The current value of an attribute of the item.</summary>
public sealed class PathValue(DocumentPath path) : UpdateValue
{
    public DocumentPath Path { get; } = path ?? throw new ArgumentNullException(nameof(path));

    public override string ToString() => Path.ToString();
}

/// <summary>A value from ExpressionAttributeValues (or a legacy AttributeUpdates value).</summary>
public sealed class LiteralValue(string placeholder, AttributeValue value) : UpdateValue
{
    public string Placeholder { get; } = placeholder ?? throw new ArgumentNullException(nameof(placeholder));

    public AttributeValue Value { get; } = value ?? throw new ArgumentNullException(nameof(value));

    public override string ToString() => Placeholder.Length > 0 ? Placeholder : Value.ToString();
}

/// <summary>if_not_exists(path, fallback).</summary>
public sealed class IfNotExistsValue(DocumentPath path, UpdateValue fallback) : UpdateValue
{
    public DocumentPath Path { get; } = path ?? throw new ArgumentNullException(nameof(path));

    public UpdateValue Fallback { get; } = fallback ?? throw new ArgumentNullException(nameof(fallback));

    public override string ToString() => "if_not_exists(" + Path + ", " + Fallback + ")";
}

/// <summary>list_append(first, second).</summary>
public sealed class ListAppendValue(UpdateValue first, UpdateValue second) : UpdateValue
{
    public UpdateValue First { get; } = first ?? throw new ArgumentNullException(nameof(first));

    public UpdateValue Second { get; } = second ?? throw new ArgumentNullException(nameof(second));

    public override string ToString() => "list_append(" + First + ", " + Second + ")";
}

/// <summary>left + right or left - right on numbers.</summary>
public sealed class ArithmeticValue(UpdateValue left, bool isAddition, UpdateValue right) : UpdateValue
{
    public UpdateValue Left { get; } = left ?? throw new ArgumentNullException(nameof(left));

    public bool IsAddition { get; } = isAddition;

    public UpdateValue Right { get; } = right ?? throw new ArgumentNullException(nameof(right));

    public override string ToString() => Left + (IsAddition ? " + " : " - ") + Right;
}

/// <summary>What an update action does to its path.</summary>
public enum UpdateActionKind
{
    Set,
    Remove,
    Add,
    Delete,
}

/// <summary>One action of an update: SET path = value, REMOVE path, ADD path value, DELETE path value.</summary>
public sealed class UpdateAction
{
    private UpdateAction(UpdateActionKind kind, DocumentPath path, UpdateValue? value, AttributeValue? operand)
    {
        Kind = kind;
        Path = path ?? throw new ArgumentNullException(nameof(path));
        Value = value;
        Operand = operand;
    }

    public UpdateActionKind Kind { get; }

    /// <summary>The attribute the action writes.</summary>
    public DocumentPath Path { get; }

    /// <summary>SET only: the value to compute.</summary>
    public UpdateValue? Value { get; }

    /// <summary>ADD and DELETE only: the number or set to add or remove.</summary>
    public AttributeValue? Operand { get; }

    public static UpdateAction Set(DocumentPath path, UpdateValue value) =>
        new(UpdateActionKind.Set, path, value ?? throw new ArgumentNullException(nameof(value)), null);

    public static UpdateAction Remove(DocumentPath path) => new(UpdateActionKind.Remove, path, null, null);

    public static UpdateAction Add(DocumentPath path, AttributeValue operand) =>
        new(UpdateActionKind.Add, path, null, operand ?? throw new ArgumentNullException(nameof(operand)));

    public static UpdateAction Delete(DocumentPath path, AttributeValue operand) =>
        new(UpdateActionKind.Delete, path, null, operand ?? throw new ArgumentNullException(nameof(operand)));

    public override string ToString() => Kind switch
    {
        UpdateActionKind.Set => "SET " + Path + " = " + Value,
        UpdateActionKind.Remove => "REMOVE " + Path,
        _ => Kind.ToString().ToUpperInvariant() + " " + Path + " " + Operand,
    };
}

/// <summary>A parsed UpdateExpression (or legacy AttributeUpdates): actions whose paths never overlap.</summary>
public sealed class UpdateExpression
{
    internal UpdateExpression(IReadOnlyList<UpdateAction> actions, bool isLegacy)
    {
        Actions = actions;
        IsLegacy = isLegacy;
        var names = new List<string>(actions.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var action in actions)
        {
            if (seen.Add(action.Path.TopLevelName))
            {
                names.Add(action.Path.TopLevelName);
            }
        }

        TopLevelAttributeNames = names;
    }

    public IReadOnlyList<UpdateAction> Actions { get; }

    /// <summary>Distinct top-level attributes the actions write, in order of first appearance (for the key-attribute check).</summary>
    public IReadOnlyList<string> TopLevelAttributeNames { get; }

    /// <summary>True when built from legacy AttributeUpdates (legacy error messages, ADD appends lists).</summary>
    public bool IsLegacy { get; }

    /// <summary>True when an action writes <paramref name="attributeName"/> or anything inside it.</summary>
    public bool Touches(string attributeName)
    {
        foreach (var name in TopLevelAttributeNames)
        {
            if (string.Equals(name, attributeName, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
