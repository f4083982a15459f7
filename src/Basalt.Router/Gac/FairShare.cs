namespace Basalt.Router.Gac;

/// <summary>
/// Max-min fair division of a table's rate among routers by their demand: routers asking for less
/// than an equal share get what they ask, the rest split what remains, and whatever is left after
/// every demand is met is spread evenly so a router can absorb a rise before its next report.
/// </summary>
public static class FairShare
{
    /// <summary>Fills <paramref name="shares"/> (same length as <paramref name="demands"/>); the shares sum to <paramref name="total"/>.</summary>
    public static void Allocate(double total, ReadOnlySpan<double> demands, Span<double> shares)
    {
        if (shares.Length != demands.Length)
        {
            throw new ArgumentException("One share per demand.", nameof(shares));
        }

        var count = demands.Length;
        if (count == 0)
        {
            return;
        }

        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        var keys = demands.ToArray();
        Array.Sort(keys, order);
        var remaining = Math.Max(total, 0);
        for (var j = 0; j < count; j++)
        {
            var i = order[j];
            var fair = remaining / (count - j);
            var given = Math.Min(Math.Max(demands[i], 0), fair);
            shares[i] = given;
            remaining -= given;
        }

        var leftover = Math.Max(remaining, 0) / count;
        for (var i = 0; i < count; i++)
        {
            shares[i] += leftover;
        }
    }
}
