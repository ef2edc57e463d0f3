using System.Text;
using System.Text.RegularExpressions;
using CustomerValue.Core.Store;
using YamlDotNet.RepresentationModel;

namespace CustomerValue.Training.Tests.Deploy;

/// <summary>
/// The Kubernetes manifests in deploy/, read as YAML (there is no cluster here): the scoring Job's command line goes
/// through cvml's own parser, and the names that tie the objects together (labels, ports, secret keys) must match.
/// </summary>
public sealed partial class ManifestTests
{
    static readonly string Folder = Path.Combine(Cli.Root, "deploy");

    static List<YamlMappingNode> Objects()
    {
        var objects = new List<YamlMappingNode>();
        foreach (var file in Directory.GetFiles(Folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            using var reader = new StreamReader(file);
            stream.Load(reader);
            objects.AddRange(stream.Documents.Select(d => (YamlMappingNode)d.RootNode));
        }
        return objects;
    }

    static YamlMappingNode Object(string kind, string name) =>
        Objects().Single(o => Text(o, "kind") == kind && Text(o, "metadata", "name") == name);

    static YamlNode Node(YamlNode node, params string[] path)
    {
        foreach (var key in path)
            node = ((YamlMappingNode)node).Children[new YamlScalarNode(key)];
        return node;
    }

    static string Text(YamlNode node, params string[] path) => ((YamlScalarNode)Node(node, path)).Value!;

    static YamlMappingNode Container(YamlMappingNode workload) =>
        (YamlMappingNode)((YamlSequenceNode)Node(workload, "spec", "template", "spec", "containers")).Children.Single();

    static Dictionary<string, YamlMappingNode> Env(YamlMappingNode container) =>
        ((YamlSequenceNode)Node(container, "env")).Children.Cast<YamlMappingNode>().ToDictionary(e => Text(e, "name"));

    [Fact]
    public void EveryManifestIsAKubernetesObjectWithANameAndAVersion()
    {
        var objects = Objects();

        Assert.Equal(["ConfigMap", "Deployment", "Job", "Secret", "Service"], objects.Select(o => Text(o, "kind")).Order(StringComparer.Ordinal));
        Assert.All(objects, o => Assert.Matches("^(v1|apps/v1|batch/v1)$", Text(o, "apiVersion")));
        Assert.All(objects, o => Assert.NotEmpty(Text(o, "metadata", "name")));
    }

    [Fact]
    public void TheScoringJobHandsEachIndexedPodItsShardAndCvmlAcceptsTheCommand()
    {
        var job = Object("Job", "cvml-score-20251231");
        var container = Container(job);
        var env = Env(container);
        var shards = int.Parse(Text(env["SHARDS"], "value"), System.Globalization.CultureInfo.InvariantCulture);
        // What the pod's shell runs for index 2: the variables Kubernetes and the Job's env give it.
        var values = new Dictionary<string, string>
        {
            ["JOB_COMPLETION_INDEX"] = "2",
            ["SHARDS"] = Text(env["SHARDS"], "value"),
            ["AS_OF"] = Text(env["AS_OF"], "value"),
            ["JOB_NAME"] = Text(job, "metadata", "name"),
            ["CVML_STORE"] = "postgres:Host=db;Database=cvml",
        };
        var script = Text(((YamlSequenceNode)Node(container, "args")).Children.Single());

        var words = ShellWords(script, values);
        var parse = CvmlCommand.Create().Parse(words[2..]);

        Assert.Equal("Indexed", Text(job, "spec", "completionMode"));
        Assert.Equal(shards, int.Parse(Text(job, "spec", "completions"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(shards, int.Parse(Text(job, "spec", "parallelism"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(["/bin/sh", "-c"], ((YamlSequenceNode)Node(container, "command")).Children.Select(c => Text(c)));
        Assert.Equal(["exec", "cvml", "score"], words[..3]);
        Assert.Empty(parse.Errors);
        Assert.Equal(new Shard(2, shards), Shard.Parse(words[words.IndexOf("--shard") + 1]));
        Assert.Equal("cvml-score-20251231", words[words.IndexOf("--run-id") + 1]);
        Assert.Equal("metadata.labels['job-name']", Text(env["JOB_NAME"], "valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal("Never", Text(job, "spec", "template", "spec", "restartPolicy"));
    }

    [Fact]
    public void TheApiReplicasAreReadyOnlyWithAModelAndTheServiceReachesThem()
    {
        var deployment = Object("Deployment", "cvml-api");
        var service = Object("Service", "cvml-api");
        var container = Container(deployment);
        var port = (YamlMappingNode)((YamlSequenceNode)Node(container, "ports")).Children.Single();
        var podLabels = (YamlMappingNode)Node(deployment, "spec", "template", "metadata", "labels");
        var selector = (YamlMappingNode)Node(service, "spec", "selector");
        var servicePort = (YamlMappingNode)((YamlSequenceNode)Node(service, "spec", "ports")).Children.Single();

        Assert.Equal("3", Text(deployment, "spec", "replicas"));
        Assert.Equal("/health/ready", Text(container, "readinessProbe", "httpGet", "path"));
        Assert.Equal("/health/live", Text(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal(Text(port, "name"), Text(container, "readinessProbe", "httpGet", "port"));
        Assert.Equal(Text(port, "name"), Text(servicePort, "targetPort"));
        Assert.All(selector.Children, s => Assert.Equal(s.Value, podLabels.Children[s.Key]));
        Assert.Equal(selector.Children, ((YamlMappingNode)Node(deployment, "spec", "selector", "matchLabels")).Children);
        Assert.Equal("0", Text(deployment, "spec", "strategy", "rollingUpdate", "maxUnavailable"));
        var config = (YamlMappingNode)Node(Object("ConfigMap", "cvml-config"), "data");
        Assert.Equal($"http://+:{Text(port, "containerPort")}", Text(config, "ASPNETCORE_URLS"));
        var mounts = ((YamlSequenceNode)Node(container, "volumeMounts")).Children.ToDictionary(m => Text(m, "mountPath"), m => Text(m, "name"));
        Assert.Equal("keyring", mounts[Text(config, "Console__KeyRingFolder")]);
        Assert.Equal("models", mounts[Text(config, "Models__Path")]);
    }

    [Fact]
    public void EverySecretTheWorkloadsReadIsInTheSecret()
    {
        var secret = (YamlMappingNode)Node(Object("Secret", "cvml-secrets"), "stringData");
        var keys = secret.Children.Keys.Select(k => Text(k)).ToHashSet();
        var references = new List<string>();
        foreach (var workload in new[] { Object("Deployment", "cvml-api"), Object("Job", "cvml-score-20251231") })
        {
            references.AddRange(Env(Container(workload)).Values
                .Where(e => e.Children.ContainsKey(new YamlScalarNode("valueFrom")) && ((YamlMappingNode)Node(e, "valueFrom")).Children.ContainsKey(new YamlScalarNode("secretKeyRef")))
                .Select(e => Text(e, "valueFrom", "secretKeyRef", "key")));
            foreach (var volume in ((YamlSequenceNode)Node(workload, "spec", "template", "spec", "volumes")).Children.Cast<YamlMappingNode>())
            {
                if (volume.Children.ContainsKey(new YamlScalarNode("secret")))
                    references.AddRange(((YamlSequenceNode)Node(volume, "secret", "items")).Children.Select(i => Text(i, "key")));
            }
        }

        Assert.Equal(["Store__ConnectionString", "api-keys.json", "console-users.json", "CVML_STORE"], references);
        Assert.All(references, r => Assert.Contains(r, keys));
    }

    /// <summary>The words <c>sh -c</c> makes of <paramref name="script"/>: $NAME expanded, double quotes grouping.</summary>
    static List<string> ShellWords(string script, IReadOnlyDictionary<string, string> values)
    {
        var expanded = Variable().Replace(script, m => values[m.Groups[1].Value]);
        var words = new List<string>();
        var word = new StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var c in expanded)
        {
            if (c == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                if (any) words.Add(word.ToString());
                word.Clear();
                any = false;
            }
            else
            {
                word.Append(c);
                any = true;
            }
        }
        if (any) words.Add(word.ToString());
        return words;
    }

    [GeneratedRegex(@"\$([A-Z_]+)")]
    private static partial Regex Variable();
}
