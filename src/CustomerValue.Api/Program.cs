using CustomerValue.Api.Admin;
using CustomerValue.Api.Diagnostics;
using CustomerValue.Api.Infrastructure;
using CustomerValue.Api.Predictions;
using CustomerValue.Api.Serving;

var builder = WebApplication.CreateBuilder(args);

builder.AddApiDefaults();
builder.AddModelServing();
builder.AddPredictions();

var app = builder.Build();

app.MapApiDefaults();
app.MapPredictionsApi();
app.MapModelApi();
app.MapAdminApi();
app.MapPingApi();

app.Run();
