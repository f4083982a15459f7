namespace Basalt.Model.Expressions;

/// <summary>A value-producing operand of a condition: a document path, a :value, or size(operand).</summary>
public abstract class Operand
{
    private protected Operand()
    {
    }
}

/// <summary>An attribute of the item, addressed by a document path.</summary>
public sealed class PathOperand(DocumentPath path) : Operand
{
    public DocumentPath Path { get; } = path ?? throw new ArgumentNullException(nameof(path));

    public override string ToString() => Path.ToString();
}

/// <summary>A value from ExpressionAttributeValues (or a legacy AttributeValueList entry).</summary>
public sealed class ValueOperand(string placeholder, AttributeValue value) : Operand
{
    /// <summary>The placeholder it was written as, e.g. ":v" (empty for legacy parameters).</summary>
    public string Placeholder { get; } = placeholder ?? throw new ArgumentNullException(nameof(placeholder));

    public AttributeValue Value { get; } = value ?? throw new ArgumentNullException(nameof(value));

    public override string ToString() => Placeholder.Length > 0 ? Placeholder : Value.ToString();
}

/// <summary>size(operand): the length of a string or binary, or the element count of a set, list or map.</summary>
public sealed class SizeOperand(Operand argument) : Operand
{
    public Operand Argument { get; } = argument ?? throw new ArgumentNullException(nameof(argument));

    public override string ToString() => "size(" + Argument + ")";
}
