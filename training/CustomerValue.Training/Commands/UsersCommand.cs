using System.CommandLine;
using System.Globalization;
using CustomerValue.Core.Access;

namespace CustomerValue.Training.Commands;

/// <summary>
/// <c>cvml users add|list|remove</c>: the people who may sign in to the console, in the users file beside the API keys
/// file. A new user's password is generated and printed once (or read from standard input); the file keeps only its
/// PBKDF2 hash, and the console reads the file at every sign-in.
/// </summary>
public static class UsersCommand
{
    static readonly Option<string?> FileOption = new("--file")
    {
        Description = "The users file (default: console-users.json in the data folder: out/ in the repository, else App_Data/)",
    };

    static readonly Option<string> NameOption = new("--name") { Description = "The user's sign-in name (letters, digits, '.', '_', '@', '-')", Required = true };

    static readonly Option<string> ScopeOption = new("--scope")
    {
        Description = "Comma-separated scopes: read (the console's pages and lists), admin (model reload), predict",
        DefaultValueFactory = _ => "read",
    };

    static readonly Option<bool> PasswordStdinOption = new("--password-stdin")
    {
        Description = "Read the password (at least 12 characters) from the first line of standard input instead of generating one",
    };

    public static Command Create()
    {
        var add = new Command("add", "Add a console user; prints a generated password once") { NameOption, ScopeOption, PasswordStdinOption, FileOption };
        add.SetAction(parse => Run(parse, Add));
        var list = new Command("list", "List the console users: name, scopes, when added (never the passwords)") { FileOption };
        list.SetAction(parse => Run(parse, List));
        var remove = new Command("remove", "Remove a console user; their sign-in ends when it expires")
        {
            new Argument<string>("name") { Description = "The user's name" },
            FileOption,
        };
        remove.SetAction(parse => Run(parse, Remove));
        return new Command("users", "Users of the marketer console, with the same scopes as API keys") { add, list, remove };
    }

    static int Run(ParseResult parse, Action<ParseResult, string, TextWriter> action)
    {
        var path = parse.GetValue(FileOption) is { } file
            ? Path.GetFullPath(file)
            : ConsoleUserFile.BesideKeysFile(ApiKeyFile.DefaultPath(Environment.CurrentDirectory));
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
        var fromStdin = parse.GetValue(PasswordStdinOption);
        var password = fromStdin ? System.Console.In.ReadLine() ?? "" : ConsoleUserFile.NewPassword();
        ConsoleUserFile.Add(path, name, password, scopes, DateTimeOffset.UtcNow);
        if (!fromStdin)
            output.WriteLine(password);
        output.WriteLine($"user '{name}' with scopes {Scopes(scopes)} added to {path}");
        if (!fromStdin)
            output.WriteLine("Hand the password over now: it is not shown again; the file holds only its hash.");
    }

    static void List(ParseResult parse, string path, TextWriter output)
    {
        var users = ConsoleUserFile.Load(path);
        if (users.Count == 0)
        {
            output.WriteLine($"no users in {path}");
            return;
        }
        var width = Math.Max(4, users.Max(u => u.Name.Length));
        output.WriteLine($"{"name".PadRight(width)}  {"scopes",-20}  added");
        foreach (var user in users)
            output.WriteLine($"{user.Name.PadRight(width)}  {Scopes(user.Scopes),-20}  {(user.Created is { } created ? Time(created) : "")}");
    }

    static void Remove(ParseResult parse, string path, TextWriter output)
    {
        var name = parse.GetRequiredValue<string>("name");
        if (!ConsoleUserFile.Remove(path, name))
            throw new ArgumentException($"No user named '{name}' in {path}.");
        output.WriteLine($"removed '{name}' from {path}");
    }

    static string Scopes(IEnumerable<ApiScope> scopes) => string.Join(",", scopes.Select(s => s.Name()));

    static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
