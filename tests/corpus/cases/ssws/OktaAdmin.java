package com.example.admin;

import okhttp3.OkHttpClient;
import okhttp3.Request;

public final class OktaAdmin {
    private static final OkHttpClient HTTP = new OkHttpClient();

    static Request users(String base) {
        return new Request.Builder()
            .url(base + "/api/v1/users")
            .header("Authorization", "SSWS 00Uzy23FeWazDr5I097jbSFep7A5aSb9EyhChAQ9_z")
            .build();
    }
}
