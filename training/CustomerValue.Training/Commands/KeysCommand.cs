using System.CommandLine;
using System.Globalization;
using CustomerValue.Core.Access;

namespace CustomerValue.Training.Commands;

/// <summary>
/// <c>cvml keys add|list|revoke</c>: the API keys in the data folder's keys file. A new key is printed once; the file
/// keeps only its hash, and the API picks up changes within a second.
/// </summary>
public static class KeysCommand
{
    static readonly Option<string?> FileOption = new("--file")
    {
        Description = "The keys file (default: api-keys.json in the data folder: out/ in the repository, else App_Data/)",
    };

    static readonly Option<string> NameOption = new("--name") { Description = "The key's name: who or what uses it (letters, digits, '.', '_', '-')", Required = true };

    static readonly Option<string> ScopeOption = new("--scope")
    {
        Description = "Comma-separated scopes: predict (predictions), read (customers, segments, lists), admin (reload)",
        Required = true,
    };

    public static Command Create()
    {
        var add = new Command("add", "Make a key with a name and scopes; prints the key once") { NameOption, ScopeOption, FileOption };
        add.SetAction(parse => Run(parse, Add));
        var list = new Command("list", "List the keys: name, scopes, when made, whether revoked (never the keys themselves)") { FileOption };
        list.SetAction(parse => Run(parse, List));
        var revoke = new Command("revoke", "Revoke a key by name; the API refuses it within a second")
        {
            new Argument<string>("name") { Description = "The key's name" },
            FileOption,
        };
        revoke.SetAction(parse => Run(parse, Revoke));
        return new Command("keys", "API keys with scopes for the customer-data, prediction and admin endpoints") { add, list, revoke };
    }

    static int Run(ParseResult parse, Action<ParseResult, string, TextWriter> action)
    {
        var path = parse.GetValue(FileOption) is { } file ? Path.GetFullPath(file) : ApiKeyFile.DefaultPath(Environment.CurrentDirectory);
        try
        {
            action(parse, path, parse.InvocationConfiguration.Output);
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            parse.InvocationConfiguration.Error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }
    }

    static void Add(ParseResult parse, string path, TextWriter output)
    {
        var name = parse.GetValue(NameOption)!;
        var scopes = ApiScopes.ParseList(parse.GetValue(ScopeOption)!);
        var key = ApiKeyFile.Add(path, name, scopes, DateTimeOffset.UtcNow);
        output.WriteLine(key);
        output.WriteLine($"key '{name}' with scopes {Scopes(scopes)} added to {path}");
        output.WriteLine("Keep the key now: it is not shown again. The file holds only its hash,");
        output.WriteLine($"{ApiKeySecret.Hash(key)}, which Api:Keys:N:Hash in configuration accepts too.");
    }

    static void List(ParseResult parse, string path, TextWriter output)
    {
        var keys = ApiKeyFile.Load(path);
        if (keys.Count == 0)
        {
            output.WriteLine($"no keys in {path}");
            return;
        }
        var width = Math.Max(4, keys.Max(k => k.Name.Length));
        output.WriteLine($"{"name".PadRight(width)}  {"scopes",-20}  {"created",-20}  status");
        foreach (var key in keys)
        {
            var status = key.Revoked is { } revoked ? "revoked " + Time(revoked) : "active";
            output.WriteLine($"{key.Name.PadRight(width)}  {Scopes(key.Scopes),-20}  {(key.Created is { } created ? Time(created) : ""),-20}  {status}");
        }
    }

    static void Revoke(ParseResult parse, string path, TextWriter output)
    {
        var key = ApiKeyFile.Revoke(path, parse.GetRequiredValue<string>("name"), DateTimeOffset.UtcNow);
        output.WriteLine($"revoked '{key.Name}' ({Scopes(key.Scopes)}) in {path}");
    }

    static string Scopes(IEnumerable<ApiScope> scopes) => string.Join(",", scopes.Select(s => s.Name()));

    static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
