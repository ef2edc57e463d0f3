using CustomerValue.Api.Admin;
using CustomerValue.Api.Customers;
using CustomerValue.Api.Diagnostics;
using CustomerValue.Api.Infrastructure;
using CustomerValue.Api.Monitoring;
using CustomerValue.Api.Predictions;
using CustomerValue.Api.Serving;
using CustomerValue.Api.Telemetry;

var builder = WebApplication.CreateBuilder(args);

builder.AddApiDefaults();
builder.AddModelServing();
builder.AddPredictions();
builder.AddCustomerStore();
builder.AddMonitoring();
builder.AddTelemetry();

var app = builder.Build();

app.MapApiDefaults();
app.MapTelemetry();
app.MapPredictionsApi();
app.MapCustomersApi();
app.MapSegmentsApi();
app.MapReactivationApi();
app.MapModelApi();
app.MapMonitoringApi();
app.MapAdminApi();
app.MapPingApi();

app.Run();
