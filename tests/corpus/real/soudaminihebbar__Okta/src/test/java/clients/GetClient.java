package clients;

import io.restassured.RestAssured;
import org.testng.annotations.Test;

public class GetClient {

    CreateClient createClient = new CreateClient();

    @Test
    public void listClients() {
        RestAssured.baseURI = "https://dev-853759.okta.com/oauth2/v1/clients";
        RestAssured
                .given()
                .header("Authorization","SSWS 00w_ABAIjUoc1xgTn7NgxfNe4_q7H6e5sGObayh2SX")
                .get()
                .then()
                .statusCode(200);
    }

    @Test
    public void getClientById() {
        RestAssured.baseURI = "https://dev-853759.okta.com/oauth2/v1/clients";
        RestAssured
                .given()
                .header("Authorization", "SSWS 00w_ABAIjUoc1xgTn7NgxfNe4_q7H6e5sGObayh2SX")
                .get(createClient.clientId)
        .then()
        .statusCode(200);

    }
}
