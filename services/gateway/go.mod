module polystage/gateway

go 1.27.0
