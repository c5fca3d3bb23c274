module example.com/ns-api-jwt/smoke

go 1.23

require example.com/ns-api-jwt/go v0.0.0

replace example.com/ns-api-jwt/go => ../../../build/sdks/go
