using Basalt.Router.Admission;
namespace Basalt.Router.Tests;
public sealed class DebugTests(ITestOutputHelper output)
{
    [Fact]
    public void Debug()
    {
        var harness = new Harness();
        var table = harness.Provisioned(1, read: 5, write: 5);
        for (var i = 0; i < 1700; i++)
        {
            var d = harness.Request(table, CapacityKind.Write);
            if (i % 100 == 0 || i > 1495) output.WriteLine($"{i} {d.Reason} gate={table.Write.Gate.Balance(harness.Router.Now)} burst={table.Partitions[0].Write.Burst.Balance(harness.Router.Now)} node={harness.Router.Node.Write.Balance(harness.Router.Now)} now={harness.Router.Now}");
            if (i > 1520) break;
            harness.Clock.Advance(TimeSpan.FromMilliseconds(1));
        }
    }
}
