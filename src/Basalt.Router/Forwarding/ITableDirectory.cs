namespace Basalt.Router.Forwarding;

/// <summary>MemDS's table lookups for a router: a table by region and name, or null when MemDS knows no such table.</summary>
public interface ITableDirectory
{
    ValueTask<TableRoute?> FindAsync(string region, string name, CancellationToken cancellationToken = default);
}
