using System.Text.Json;
using Basalt.Model.Tests.Generators;
using CsCheck;

namespace Basalt.Model.Tests;

public class AttributeValueJsonProperties
{
    [Fact]
    public void WriteThenReadRoundTrips() =>
        AttributeValueGen.Any.Sample(value =>
        {
            AttributeValue read = AttributeValueJsonTests.Read(AttributeValueJsonTests.WriteJson(value));
            return read.Equals(value) && AttributeValueJsonTests.WriteJson(read) == AttributeValueJsonTests.WriteJson(value);
        });

    [Fact]
    public void ItemsRoundTrip() =>
        AttributeValueGen.Item().Sample(item =>
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                AttributeValueJson.WriteItem(writer, item);
            }

            using JsonDocument document = JsonDocument.Parse(buffer.WrittenMemory);
            Item read = AttributeValueJson.ReadItem(document.RootElement);
            return read.Count == item.Count && item.All(a => read.TryGetValue(a.Key, out AttributeValue? v) && v.Equals(a.Value));
        });
}
