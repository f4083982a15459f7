using System.Text.Json;

namespace Basalt.Model;

/// <summary>
/// DynamoDB's JSON wire form of attribute values ({"S":"x"}, {"N":"1"}, {"M":{…}}, …), read with
/// DynamoDB's validation and written in canonical form.
/// </summary>
/// <remarks>
/// Malformed JSON shapes (a number where a string belongs, …) throw
/// <see cref="DynamoDbException"/> with code SerializationException at once, as DynamoDB's
/// deserialiser does; value errors (bad numbers, empty or duplicate sets, …) are
/// ValidationExceptions reported in document order after the whole value has been read.
/// A JSON document holding the deepest values DynamoDB accepts needs
/// <c>JsonDocumentOptions.MaxDepth</c> above the default 64.
/// </remarks>
public static class AttributeValueJson
{
    /// <summary>Reads one attribute value (nesting level 1); throws on any error.</summary>
    public static AttributeValue Read(JsonElement element)
    {
        if (!TryRead(element, out AttributeValue value, out string? error))
        {
            throw new ValidationException(error!);
        }

        return value;
    }

    /// <summary>Reads an item: an object of attribute name → value; throws on any error.</summary>
    public static Item ReadItem(JsonElement element)
    {
        if (!TryReadItem(element, out Item item, out string? error))
        {
            throw new ValidationException(error!);
        }

        return item;
    }

    /// <summary>
    /// Reads one attribute value. Serialization errors throw; the first validation error is returned
    /// in <paramref name="validationError"/> (so a caller can finish reading the request first).
    /// </summary>
    public static bool TryRead(JsonElement element, out AttributeValue value, out string? validationError)
    {
        var reader = new AttributeValueJsonReader();
        value = reader.ReadValue(element, 1);
        validationError = reader.Error;
        return validationError is null;
    }

    /// <summary>Reads an item; errors as <see cref="TryRead"/>.</summary>
    public static bool TryReadItem(JsonElement element, out Item item, out string? validationError)
    {
        var reader = new AttributeValueJsonReader();
        item = reader.ReadMap(element);
        validationError = reader.Error;
        return validationError is null;
    }

    /// <summary>Writes one attribute value.</summary>
    public static void Write(Utf8JsonWriter writer, AttributeValue value) => AttributeValueJsonWriter.Write(writer, value);

    /// <summary>Writes an item as an object of attribute name → value.</summary>
    public static void WriteItem(Utf8JsonWriter writer, IReadOnlyDictionary<string, AttributeValue> item) =>
        AttributeValueJsonWriter.WriteMap(writer, item);
}
