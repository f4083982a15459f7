using System.Globalization;

namespace Basalt.Api.Tests.Crash;

/// <summary>
/// What clients know about conditional increments of counters (each takes a key's counter from
/// <c>expected</c> to <c>expected + 1</c>, and only if it is <c>expected</c>): the increments that
/// were acknowledged, those whose outcome is unknown (a 500, a lost connection, a killed server),
/// and strongly consistent reads that returned less than an increment acknowledged before they
/// were sent. <see cref="Verify"/> checks the counters' values against it.
/// </summary>
internal sealed class CounterLedger
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<int>> _acknowledged = [];
    private readonly Dictionary<string, List<int>> _unknown = [];
    private readonly Dictionary<string, int> _floor = [];
    private readonly List<string> _staleReads = [];

    public CounterLedger(IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            _acknowledged[key] = [];
            _unknown[key] = [];
            _floor[key] = 0;
        }
    }

    public IReadOnlyCollection<string> Keys => _floor.Keys;

    public int AcknowledgedCount
    {
        get
        {
            lock (_lock)
            {
                return _acknowledged.Values.Sum(v => v.Count);
            }
        }
    }

    public int UnknownCount
    {
        get
        {
            lock (_lock)
            {
                return _unknown.Values.Sum(v => v.Count);
            }
        }
    }

    /// <summary>The least value a strongly consistent read of <paramref name="key"/> sent now may return.</summary>
    public int Floor(string key)
    {
        lock (_lock)
        {
            return _floor[key];
        }
    }

    public void Acknowledged(string key, int expected)
    {
        lock (_lock)
        {
            _acknowledged[key].Add(expected);
            _floor[key] = Math.Max(_floor[key], expected + 1);
        }
    }

    public void Unknown(string key, int expected)
    {
        lock (_lock)
        {
            _unknown[key].Add(expected);
        }
    }

    /// <summary>A strongly consistent read sent when <paramref name="floor"/> was acknowledged returned <paramref name="value"/> (-1: no counter).</summary>
    public void Read(string key, int floor, int value)
    {
        if (value < floor)
        {
            lock (_lock)
            {
                _staleReads.Add(string.Create(CultureInfo.InvariantCulture, $"{key}: a strong read returned {value} after {floor} was acknowledged"));
            }
        }
    }

    /// <summary>
    /// The differences between the counters' values and the ledger: every acknowledged increment is
    /// in the value, none is there twice (no two acknowledged increments of a key started from the
    /// same value), and every step from 0 to the value is an acknowledged increment or one whose
    /// outcome is unknown. Also every stale strong read so far.
    /// </summary>
    public List<string> Verify(IReadOnlyDictionary<string, int> values)
    {
        var problems = new List<string>();
        lock (_lock)
        {
            problems.AddRange(_staleReads);
            foreach (var (key, acknowledged) in _acknowledged)
            {
                var value = values[key];
                if (value < 0)
                {
                    problems.Add($"{key}: is missing");
                    continue;
                }

                foreach (var twice in acknowledged.GroupBy(e => e).Where(g => g.Count() > 1))
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"{key}: {twice.Count()} acknowledged increments from {twice.Key}"));
                }

                if (acknowledged.Count > 0 && acknowledged.Max() >= value)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"{key}: is {value} but the increment from {acknowledged.Max()} was acknowledged"));
                }

                var unknown = _unknown[key].ToHashSet();
                var known = acknowledged.ToHashSet();
                var unexplained = Enumerable.Range(0, value).Where(step => !known.Contains(step) && !unknown.Contains(step)).ToList();
                if (unexplained.Count > 0)
                {
                    problems.Add($"{key}: is {value.ToString(CultureInfo.InvariantCulture)}, but nobody sent the increments from {string.Join(", ", unexplained)}");
                }
            }
        }

        return problems;
    }
}
