const https = require('https');
const okta_url=process.env.OKTA_URL
const okta_token=process.env.OKTA_TOKEN
const okta_path=process.env.OKTA_PATH
const okta = require('@okta/okta-sdk-nodejs');
const req = require('sync-request');
var returnValue="";


exports.getUsers = () => {

  try{
    var userRes=req("GET",okta_url+okta_path,{
      headers :{
        'Authorization':'SSWS 006f0nKd0VJ83XXjds4RjtNwfEwTXLX3DXnc_4ds-n'
      }
    })
    var userResponse=JSON.parse(userRes.getBody("utf-8"))
    returnValue="";
    if (userResponse.errorSummary!=undefined)
    {
      returnValue=userResponse.errorSummary
    }
    else
    {
      userResponse.map(function(val,index){
        returnValue=returnValue+val.profile.firstName+" "+val.profile.email+"\n"
      })
    }
    return returnValue
  } catch (e)
  {
    return e
  }
  //return JSON.parse(userRes.getBody("utf-8"))
  
}

parseUsers = (val) => {
  returnValue=returnValue+val.profile.firstName+" "+val.profile.email+"\n" 
}



