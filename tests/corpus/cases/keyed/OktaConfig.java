package com.example.okta;

import com.okta.sdk.authc.credentials.TokenClientCredentials;
import com.okta.sdk.client.Clients;
import com.okta.sdk.resource.client.ApiClient;

public class OktaConfig {
    public static ApiClient client() {
        return Clients.builder()
            .setOrgUrl("https://hooli.okta.com")
            .setClientCredentials(new TokenClientCredentials("00lTZI5-4_bTaW9roQy7xZIW0r05eRN-WSv4mUEhXH"))
            .build();
    }
}
