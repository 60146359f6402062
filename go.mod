module github.com/ecsgate/ecsgate

go 1.26

require gopkg.in/yaml.v3 v3.0.1

require github.com/awslabs/goformation/v7 v7.14.9
