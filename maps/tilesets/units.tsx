<?xml version="1.0" encoding="UTF-8"?>
<tileset version="1.8" tiledversion="1.8.2" name="units" tilewidth="32" tileheight="32" tilecount="15" columns="15">
 <image source="units.png" width="480" height="32"/>
 <tile id="0">
  <properties>
   <property name="side" value="coalition"/>
   <property name="unit_type" value="infantry"/>
  </properties>
 </tile>
 <tile id="1">
  <properties>
   <property name="side" value="coalition"/>
   <property name="unit_type" value="cts"/>
  </properties>
 </tile>
 <tile id="2">
  <properties>
   <property name="side" value="coalition"/>
   <property name="unit_type" value="sniper"/>
  </properties>
 </tile>
 <tile id="3">
  <properties>
   <property name="side" value="coalition"/>
   <property name="unit_type" value="fedpol_vehicle"/>
  </properties>
 </tile>
 <tile id="4">
  <properties>
   <property name="side" value="coalition"/>
   <property name="unit_type" value="humvee"/>
  </properties>
 </tile>
 <tile id="5">
  <properties>
   <property name="side" value="coalition"/>
   <property name="unit_type" value="atgm"/>
  </properties>
 </tile>
 <tile id="6">
  <properties>
   <property name="side" value="coalition"/>
   <property name="unit_type" value="bulldozer"/>
  </properties>
 </tile>
 <tile id="7">
  <properties>
   <property name="side" value="coalition"/>
   <property name="unit_type" value="jammer"/>
  </properties>
 </tile>
 <tile id="8">
  <properties>
   <property name="side" value="coalition"/>
   <property name="unit_type" value="peshmerga"/>
  </properties>
 </tile>
 <tile id="9">
  <properties>
   <property name="side" value="coalition"/>
   <property name="unit_type" value="pmf"/>
  </properties>
 </tile>
 <tile id="10">
  <properties>
   <property name="side" value="isil"/>
   <property name="unit_type" value="isil_fighters"/>
  </properties>
 </tile>
 <tile id="11">
  <properties>
   <property name="side" value="isil"/>
   <property name="unit_type" value="isil_sniper"/>
  </properties>
 </tile>
 <tile id="12">
  <properties>
   <property name="side" value="isil"/>
   <property name="unit_type" value="vbied"/>
  </properties>
 </tile>
 <tile id="13">
  <properties>
   <property name="side" value="isil"/>
   <property name="unit_type" value="drone_team"/>
  </properties>
 </tile>
 <tile id="14">
  <properties>
   <property name="side" value="isil"/>
   <property name="unit_type" value="rpg_team"/>
  </properties>
 </tile>
</tileset>
