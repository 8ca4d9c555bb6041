# Multi-stage build: SDK -> ASP.NET runtime. Non-root, no secrets baked in.
# docker build -t autoscaler . && docker run -p 8080:8080 autoscaler
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig Autoscaler.sln ./
COPY src/ src/
COPY scalers/ scalers/
COPY manifests/samples/ manifests/samples/
RUN dotnet publish src/Autoscaler.Service/Autoscaler.Service.csproj -c Release -o /app --no-self-contained

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The image's built-in non-root user (uid 1654). Configuration comes from a mounted folder or the cluster.
USER $APP_UID
ENV ASPNETCORE_URLS=http://+:8080 \
    Autoscaler__ConfigPath=/app/samples \
    DOTNET_gcServer=0
EXPOSE 8080
ENTRYPOINT ["dotnet", "autoscaler.dll"]
