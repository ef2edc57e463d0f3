using CustomerValue.Api.Admin;
using CustomerValue.Api.Campaigns;
using CustomerValue.Api.Console;
using CustomerValue.Api.Customers;
using CustomerValue.Api.Diagnostics;
using CustomerValue.Api.Infrastructure;
using CustomerValue.Api.Monitoring;
using CustomerValue.Api.Predictions;
using CustomerValue.Api.Security;
using CustomerValue.Api.Serving;
using CustomerValue.Api.Telemetry;
using CustomerValue.Core.Access;

var builder = WebApplication.CreateBuilder(args);

builder.AddApiDefaults();
builder.AddOpenApiDocumentation();
builder.AddApiSecurity();
builder.AddModelServing();
builder.AddPredictions();
builder.AddCustomerStore();
builder.AddConsole();
builder.AddMonitoring();
builder.AddTelemetry();

var app = builder.Build();

app.MapApiDefaults();
app.MapTelemetry();
app.MapApiReference();
app.UseApiSecurity();
app.MapPredictionsApi().RequireScope(ApiScope.Predict).WithRequestLimits().ProducesProblem(StatusCodes.Status503ServiceUnavailable);
app.MapCustomersApi().RequireScope(ApiScope.Read).WithRequestLimits();
app.MapSegmentsApi().RequireScope(ApiScope.Read).WithRequestLimits();
app.MapReactivationApi().RequireScope(ApiScope.Read).WithRequestLimits();
app.MapCampaignsApi();
app.MapModelApi();
app.MapMonitoringApi().RequireScope(ApiScope.Read).WithRequestLimits();
app.MapAdminApi().RequireScope(ApiScope.Admin);
app.MapPingApi();
app.MapConsole();

app.Run();
