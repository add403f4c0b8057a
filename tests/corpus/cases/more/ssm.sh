aws ssm put-parameter --name /prod/okta/api-token --type SecureString --value 00N3t1XTibjP9-PVAztkzNG9U0Kg5Do1Ku-LSSBWnN
